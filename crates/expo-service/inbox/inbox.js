// The inbox page for exhibitors and organizers. The access token stays in sessionStorage, so it
// is gone when the tab closes. All text goes into the page with textContent, never as HTML,
// because requests contain text that visitors typed.
'use strict';

(() => {
  const TOKEN_KEY = 'expo-inbox-token';
  const LANG_KEY = 'expo-inbox-lang';
  const PAGE_SIZE = 100;
  const SVG = 'http://www.w3.org/2000/svg';

  const TEXT = {
    zh: {
      title: '洽谈收件箱',
      signIn: '进入',
      signOut: '退出',
      tokenLabel: '访问令牌',
      tokenHelp: '请输入主办方发给您的访问令牌。令牌只保存在本浏览器标签页中，关闭标签页即失效。',
      tokenRejected: '访问令牌无效或已被吊销，请向主办方索取新的令牌。',
      networkError: '无法连接服务，请检查网络后重试。',
      organizer: '主办方',
      boothRole: (booth) => `展位：${booth}`,
      requestsTitle: '洽谈请求',
      statusFilter: '状态',
      statusAll: '全部',
      statusOpen: '未处理',
      statusHandled: '已处理',
      boothFilter: '展位',
      allBooths: '全部展位',
      refresh: '刷新',
      exportCsv: '导出 CSV',
      privacyNote: '洽谈请求含有访客的个人信息，仅用于与访客联系洽谈，请勿转发或公开。',
      loadMore: '加载更多',
      loading: '正在加载…',
      noRequests: '没有符合条件的洽谈请求。',
      shownCount: (count) => `已显示 ${count} 条。`,
      receipt: '回执号',
      received: '接收时间',
      name: '姓名',
      organization: '单位',
      phone: '电话',
      email: '电子邮箱',
      topic: '洽谈主题',
      message: '留言',
      timeSlot: '意向时间',
      visitorLang: '访客语言',
      handledAt: (time) => `已处理（${time}）`,
      open: '未处理',
      markHandled: '标记为已处理',
      markOpen: '标记为未处理',
      statsTitle: '线上参与统计',
      from: '起始日期',
      to: '结束日期',
      exportDaily: '导出每日统计 CSV',
      exportUnits: '导出参展单位统计 CSV',
      statsNote: '参与数量按访问计数：每次打开展厅页面算一次访问，同一访问在一天内只计一次。服务不识别个人，同一人多次访问会计多次。',
      noStatistics: '所选日期内还没有访问记录。',
      day: '日期',
      participants: '线上活动群众参与数量',
      visitsStarted: '开始的访问数',
      boothViewers: '浏览展位的访问数',
      panelOpeners: '打开展位面板的访问数',
      liveViewers: '观看直播的访问数',
      boothViews: '展位浏览次数',
      negotiations: '洽谈请求数',
      total: '合计（按访问去重）',
      unitsTitle: '各参展单位',
      unit: '参展单位',
      booths: '展位',
      unitParticipants: '参与访问数',
      negotiationSenders: '发送洽谈的访问数',
      chartLabel: '每日线上活动群众参与数量与洽谈请求数',
    },
    en: {
      title: 'Negotiation inbox',
      signIn: 'Sign in',
      signOut: 'Sign out',
      tokenLabel: 'Access token',
      tokenHelp: 'Enter the access token the organizers gave you. It is kept only in this browser tab and is forgotten when the tab closes.',
      tokenRejected: 'The access token is invalid or was revoked. Ask the organizers for a new one.',
      networkError: 'The service cannot be reached. Check the network and try again.',
      organizer: 'Organizer',
      boothRole: (booth) => `Booth: ${booth}`,
      requestsTitle: 'Negotiation requests',
      statusFilter: 'Status',
      statusAll: 'All',
      statusOpen: 'Open',
      statusHandled: 'Handled',
      boothFilter: 'Booth',
      allBooths: 'All booths',
      refresh: 'Refresh',
      exportCsv: 'Export CSV',
      privacyNote: 'Negotiation requests contain visitors\' personal data. Use them only to contact the visitors, and do not forward or publish them.',
      loadMore: 'Load more',
      loading: 'Loading…',
      noRequests: 'No negotiation requests match.',
      shownCount: (count) => `${count} shown.`,
      receipt: 'Receipt',
      received: 'Received',
      name: 'Name',
      organization: 'Organization',
      phone: 'Phone',
      email: 'E-mail',
      topic: 'Topic',
      message: 'Message',
      timeSlot: 'Preferred time',
      visitorLang: 'Visitor language',
      handledAt: (time) => `Handled (${time})`,
      open: 'Open',
      markHandled: 'Mark handled',
      markOpen: 'Mark open',
      statsTitle: 'Online participation',
      from: 'From',
      to: 'To',
      exportDaily: 'Export daily CSV',
      exportUnits: 'Export exhibiting units CSV',
      statsNote: 'Participation counts visits: each opening of the hall page is one visit, counted once per day. The service does not identify people, so one person visiting twice counts twice.',
      noStatistics: 'No visits recorded in the chosen days yet.',
      day: 'Day',
      participants: 'Online participants (visits)',
      visitsStarted: 'Visits started',
      boothViewers: 'Visits that viewed a booth',
      panelOpeners: 'Visits that opened a booth panel',
      liveViewers: 'Visits that watched a live stream',
      boothViews: 'Booth views',
      negotiations: 'Negotiation requests',
      total: 'Total (each visit once)',
      unitsTitle: 'Exhibiting units',
      unit: 'Exhibiting unit',
      booths: 'Booths',
      unitParticipants: 'Participating visits',
      negotiationSenders: 'Visits that sent a negotiation request',
      chartLabel: 'Online participants and negotiation requests per day',
    },
  };

  const $ = (id) => document.getElementById(id);
  let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  let token = sessionStorage.getItem(TOKEN_KEY);
  let me = null;
  let nextBefore = null;
  let shownRequests = 0;
  let lastStatistics = null;

  function t(key, ...args) {
    const value = TEXT[lang][key];
    return typeof value === 'function' ? value(...args) : value;
  }

  function localized(text) {
    if (!text) return '';
    return (lang === 'en' && text.en) || text.zh;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Formats an RFC 3339 time in the exhibition's UTC offset as YYYY-MM-DD HH:MM.
  function formatTime(iso) {
    if (!iso) return '';
    const match = /^([+-])(\d\d):(\d\d)$/.exec(me?.utc_offset ?? '+00:00');
    let minutes = 0;
    if (match) {
      const sign = match[1] === '-' ? -1 : 1;
      minutes = sign * (Number(match[2]) * 60 + Number(match[3]));
    }
    const shifted = new Date(Date.parse(iso) + minutes * 60000);
    const pad = (number) => String(number).padStart(2, '0');
    return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())} ` +
      `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    for (const node of document.querySelectorAll('[data-i18n]')) {
      node.textContent = t(node.dataset.i18n);
    }
    const switcher = $('lang-switch');
    switcher.textContent = lang === 'zh' ? 'English' : '中文';
    switcher.lang = lang === 'zh' ? 'en' : 'zh-CN';
    if (me) {
      renderWho();
      fillBoothFilter();
      loadRequests(true);
      if (lastStatistics) renderStatistics(lastStatistics);
    }
  }

  async function api(path, options = {}) {
    let response;
    try {
      response = await fetch(path, {
        ...options,
        cache: 'no-store',
        headers: { ...(options.headers ?? {}), Authorization: `Bearer ${token}`, 'Accept-Language': lang },
      });
    } catch {
      throw new Error(t('networkError'));
    }
    if (response.status === 401) {
      signOut(t('tokenRejected'));
      throw new Error(t('tokenRejected'));
    }
    if (!response.ok) {
      let message = `HTTP ${response.status}`;
      try {
        message = (await response.json()).error.message;
      } catch {
        // Not the service's JSON error body, for example a proxy's error page.
      }
      throw new Error(message);
    }
    return response;
  }

  async function signIn(candidate) {
    token = candidate;
    $('sign-in-error').textContent = '';
    try {
      me = await (await api('/api/inbox/me')).json();
    } catch (error) {
      $('sign-in-error').textContent = error.message;
      token = null;
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    $('requests').hidden = false;
    $('statistics').hidden = me.role !== 'organizer';
    $('booth-filter-label').hidden = me.role !== 'organizer';
    renderWho();
    fillBoothFilter();
    await loadRequests(true);
    if (me.role === 'organizer') await loadStatistics();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    me = null;
    lastStatistics = null;
    $('token').value = '';
    $('sign-in').hidden = false;
    $('sign-out').hidden = true;
    $('requests').hidden = true;
    $('statistics').hidden = true;
    $('request-list').replaceChildren();
    $('who').textContent = '';
    $('sign-in-error').textContent = message ?? '';
  }

  function renderWho() {
    const booth = me.booth;
    $('who').textContent = me.role === 'organizer'
      ? `${localized(me.exhibition.title)} · ${t('organizer')}`
      : `${localized(me.exhibition.title)} · ${t('boothRole', localized(booth.exhibitor) || booth.id)}`;
  }

  function fillBoothFilter() {
    const select = $('booth-filter');
    const chosen = select.value;
    const first = select.options[0];
    select.replaceChildren(first);
    for (const booth of me.negotiation_booths ?? []) {
      const option = element('option', null, `${localized(booth.exhibitor)} (${booth.id})`);
      option.value = booth.id;
      select.append(option);
    }
    select.value = chosen;
  }

  function requestQuery(extra) {
    const query = new URLSearchParams({ status: $('status-filter').value, ...extra });
    if (me?.role === 'organizer' && $('booth-filter').value) query.set('booth', $('booth-filter').value);
    return query;
  }

  async function loadRequests(reset) {
    const list = $('request-list');
    const status = $('requests-status');
    if (reset) {
      nextBefore = null;
      shownRequests = 0;
      list.replaceChildren();
    }
    status.textContent = t('loading');
    const extra = { limit: String(PAGE_SIZE) };
    if (nextBefore !== null) extra.before = String(nextBefore);
    try {
      const page = await (await api(`/api/inbox/negotiations?${requestQuery(extra)}`)).json();
      for (const request of page.requests) list.append(renderRequest(request));
      shownRequests += page.requests.length;
      nextBefore = page.next_before;
      $('load-more').hidden = nextBefore === null;
      status.textContent = shownRequests === 0 ? t('noRequests') : t('shownCount', shownRequests);
    } catch (error) {
      status.textContent = error.message;
    }
  }

  function renderRequest(request) {
    const item = element('li', request.handled ? 'request handled' : 'request');
    const head = element('div', 'request-head');
    head.append(
      element('strong', 'receipt', request.receipt),
      element('span', 'booth', `${localized(request.exhibitor) || request.booth} · ${request.booth}`),
      element('span', 'time', `${t('received')} ${formatTime(request.received_at)}`),
      element('span', 'state', request.handled ? t('handledAt', formatTime(request.handled_at)) : t('open')),
    );
    const fields = element('dl', 'fields');
    const rows = [
      ['name', request.name],
      ['organization', request.organization],
      ['phone', request.phone],
      ['email', request.email],
      ['topic', request.topic],
      ['timeSlot', request.time_slot],
      ['visitorLang', request.lang === 'en' ? 'English' : '中文'],
      ['message', request.message],
    ];
    for (const [key, value] of rows) {
      if (value === null || value === undefined || value === '') continue;
      fields.append(element('dt', null, t(key)), element('dd', key === 'message' ? 'message' : null, value));
    }
    const toggle = element('button', null, request.handled ? t('markOpen') : t('markHandled'));
    toggle.type = 'button';
    toggle.addEventListener('click', async () => {
      toggle.disabled = true;
      try {
        const result = await (await api(`/api/inbox/negotiations/${encodeURIComponent(request.receipt)}/handled`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ handled: !request.handled }),
        })).json();
        item.replaceWith(renderRequest({ ...request, handled: result.handled, handled_at: result.handled_at }));
      } catch (error) {
        $('requests-status').textContent = error.message;
        toggle.disabled = false;
      }
    });
    item.append(head, fields, toggle);
    return item;
  }

  // Downloads an export with the token in the header, which a plain link cannot send.
  async function download(path, fallbackName, statusNode) {
    try {
      const response = await api(path);
      const disposition = response.headers.get('Content-Disposition') ?? '';
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
      const url = URL.createObjectURL(await response.blob());
      const link = element('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (error) {
      statusNode.textContent = error.message;
    }
  }

  function statisticsQuery() {
    const query = new URLSearchParams({ lang });
    if ($('stats-from').value) query.set('from', $('stats-from').value);
    if ($('stats-to').value) query.set('to', $('stats-to').value);
    return query;
  }

  async function loadStatistics() {
    $('stats-status').textContent = t('loading');
    try {
      lastStatistics = await (await api(`/api/statistics?${statisticsQuery()}`)).json();
      renderStatistics(lastStatistics);
    } catch (error) {
      $('stats-status').textContent = error.message;
    }
  }

  const DAY_COLUMNS = ['participants', 'visits_started', 'booth_viewers', 'panel_openers', 'live_viewers', 'booth_views', 'negotiations'];
  const UNIT_COLUMNS = ['participants', 'booth_viewers', 'panel_openers', 'live_viewers', 'negotiation_senders', 'negotiations'];

  function renderStatistics(statistics) {
    $('stats-status').textContent = statistics.days.length === 0 ? t('noStatistics') : '';
    const body = document.querySelector('#daily-table tbody');
    body.replaceChildren();
    for (const day of statistics.days) {
      const row = element('tr');
      row.append(element('td', null, day.day), ...DAY_COLUMNS.map((column) => element('td', 'number', day[column])));
      body.append(row);
    }
    const total = element('tr');
    total.append(element('th', null, t('total')), ...DAY_COLUMNS.map((column) => element('td', 'number', statistics.total[column])));
    document.querySelector('#daily-table tfoot').replaceChildren(total);

    const units = [...statistics.units].sort((a, b) => b.participants - a.participants || b.negotiations - a.negotiations);
    const unitBody = document.querySelector('#units-table tbody');
    unitBody.replaceChildren();
    for (const unit of units) {
      const row = element('tr');
      row.append(
        element('td', null, localized(unit.exhibitor)),
        element('td', 'ids', unit.booths.join(' ')),
        ...UNIT_COLUMNS.map((column) => element('td', 'number', unit[column])),
      );
      unitBody.append(row);
    }
    renderChart(statistics.days);
  }

  // Draws participants and negotiation requests per day as paired bars in inline SVG.
  function renderChart(days) {
    const container = $('chart');
    container.replaceChildren();
    if (days.length === 0) return;
    const width = 720;
    const height = 240;
    const margin = { top: 16, right: 8, bottom: 40, left: 48 };
    const plotWidth = width - margin.left - margin.right;
    const plotHeight = height - margin.top - margin.bottom;
    const maximum = Math.max(1, ...days.map((day) => Math.max(day.participants, day.negotiations)));
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('role', 'img');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = t('chartLabel');
    svg.append(title);

    const add = (tag, attributes, text) => {
      const node = document.createElementNS(SVG, tag);
      for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
      if (text !== undefined) node.textContent = String(text);
      svg.append(node);
      return node;
    };
    for (const fraction of [0, 0.5, 1]) {
      const y = margin.top + plotHeight * (1 - fraction);
      add('line', { x1: margin.left, x2: width - margin.right, y1: y, y2: y, class: 'grid' });
      add('text', { x: margin.left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, Math.round(maximum * fraction));
    }
    const slot = plotWidth / days.length;
    const barWidth = Math.max(2, Math.min(28, slot / 2.5));
    days.forEach((day, index) => {
      const center = margin.left + slot * (index + 0.5);
      const bars = [['participants', center - barWidth], ['negotiations', center]];
      for (const [column, x] of bars) {
        const barHeight = (day[column] / maximum) * plotHeight;
        const bar = add('rect', { x, y: margin.top + plotHeight - barHeight, width: barWidth, height: barHeight, class: column });
        const tip = document.createElementNS(SVG, 'title');
        tip.textContent = `${day.day} ${t(column)}: ${day[column]}`;
        bar.append(tip);
      }
      // Labels every few days when there are many.
      if (index % Math.ceil(days.length / 10) === 0) {
        add('text', { x: center, y: height - margin.bottom + 16, class: 'axis', 'text-anchor': 'middle' }, day.day.slice(5));
      }
    });
    container.append(svg);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('token').value.trim();
      if (value) signIn(value);
    });
    $('sign-out').addEventListener('click', () => signOut());
    $('lang-switch').addEventListener('click', () => {
      lang = lang === 'zh' ? 'en' : 'zh';
      localStorage.setItem(LANG_KEY, lang);
      applyLanguage();
    });
    $('status-filter').addEventListener('change', () => loadRequests(true));
    $('booth-filter').addEventListener('change', () => loadRequests(true));
    $('refresh-requests').addEventListener('click', () => loadRequests(true));
    $('load-more').addEventListener('click', () => loadRequests(false));
    $('export-requests').addEventListener('click', () =>
      download(`/api/inbox/negotiations.csv?${requestQuery({ lang })}`, 'negotiations.csv', $('requests-status')));
    $('refresh-stats').addEventListener('click', loadStatistics);
    $('export-daily').addEventListener('click', () =>
      download(`/api/statistics/daily.csv?${statisticsQuery()}`, 'statistics-daily.csv', $('stats-status')));
    $('export-units').addEventListener('click', () =>
      download(`/api/statistics/units.csv?${statisticsQuery()}`, 'statistics-units.csv', $('stats-status')));

    applyLanguage();
    if (token) signIn(token);
  });
})();
