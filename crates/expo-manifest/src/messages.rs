//! Messages for organizers, in Chinese and English. Each one names the offending value and
//! the fix.

use crate::model::Lang;
use crate::problem::{ProblemKind, UrlIssue};

/// Maximum number of characters of a value quoted in a message; longer values are cut.
const MAX_QUOTED_CHARS: usize = 80;

/// Formats the message for `kind` at `path` in `lang`.
pub(crate) fn message(kind: &ProblemKind, path: &str, lang: Lang) -> String {
    // A tag is the only text that is an array element, and it has no English version.
    if *kind == ProblemKind::EmptyText && path.ends_with(']') {
        return match lang {
            Lang::Zh => "标签为空或只有空白字符。请填写标签，或从 tags 中删除它。",
            Lang::En => {
                "The tag is empty or only whitespace. Fill it in or remove it from \"tags\"."
            }
        }
        .to_owned();
    }
    match lang {
        Lang::Zh => message_zh(kind),
        Lang::En => message_en(kind),
    }
}

fn message_zh(kind: &ProblemKind) -> String {
    let q = |value: &str| quote(value, Lang::Zh);
    match kind {
        ProblemKind::Syntax { line, column, detail } if is_empty_file(*line, *column, detail) => {
            "文件是空的。请写入展览清单内容，可参照 docs/manifest.zh-CN.md 中的示例。".to_owned()
        }
        ProblemKind::Syntax { line, column, detail } => format!(
            "JSON 语法错误，位于第 {line} 行第 {column} 列：{}。请修正该处；常见原因有最后一项后多余的逗号、缺少英文双引号、误用中文标点（，：“”）。",
            syntax_detail_zh(detail)
        ),
        ProblemKind::DuplicateKey { key } => format!(
            "同一对象中键 {} 出现了多次，只有最后一个值会生效。请删除多余的一个。",
            q(key)
        ),
        ProblemKind::UnknownField { field, allowed } => format!(
            "未知字段 {}。可用字段：{}。请检查拼写。",
            q(field),
            list(allowed, Lang::Zh)
        ),
        ProblemKind::MissingField { field } => format!("缺少必填字段 {}。请补上该字段。", q(field)),
        ProblemKind::UnknownVariant { value, allowed } => format!(
            "取值 {} 无效。可选值：{}。请改为其中之一。",
            q(value),
            list(allowed, Lang::Zh)
        ),
        ProblemKind::WrongType { expected, found, .. } => {
            let expected = describe_expected(expected, Lang::Zh);
            let found = describe_found(found, Lang::Zh);
            format!(
                "这里应为{}{expected}，但实际是{}{found}。请改正该值。",
                latin_gap(&expected),
                latin_gap(&found)
            )
        }
        ProblemKind::WrongLength { length, expected } => format!(
            "数组应有 {expected} 个元素，这里有 {length} 个。请补齐或删去多余的元素。"
        ),
        ProblemKind::InvalidValue { detail } => {
            format!("取值无效（{detail}）。请按 docs/manifest.zh-CN.md 中该字段的说明修改。")
        }
        ProblemKind::UnsupportedFormat { found, supported } => format!(
            "不支持展览清单格式版本 {found}，本程序只读取版本 {supported}。请把 “format” 设为 {supported}，或换用支持版本 {found} 的展厅程序。"
        ),
        ProblemKind::InvalidId { id } => format!(
            "标识 {} 无效：只能使用小写字母、数字和连字符 “-”，以字母或数字开头，最多 64 个字符。请修改，例如 “nanning-pavilion”。",
            q(id)
        ),
        ProblemKind::DuplicateId { id, first_path } => format!(
            "标识 {} 重复，{first_path} 已使用它。请为每一项使用不同的标识。",
            q(id)
        ),
        ProblemKind::UnknownZone { zone, known } => format!(
            "展区 {} 不存在。已有展区：{}。请填写 zones 中某个展区的 id。",
            q(zone),
            list(known, Lang::Zh)
        ),
        ProblemKind::UnknownSubArea { sub_area, zone, known } if known.is_empty() => format!(
            "展区 {} 没有任何分区，所以没有分区 {}。请删除 sub_area 字段，或在该展区的 sub_areas 中添加这个分区。",
            q(zone),
            q(sub_area)
        ),
        ProblemKind::UnknownSubArea { sub_area, zone, known } => format!(
            "展区 {} 中没有分区 {}。该展区的分区：{}。请改为其中之一，或在该展区的 sub_areas 中添加它。",
            q(zone),
            q(sub_area),
            list(known, Lang::Zh)
        ),
        ProblemKind::BoothInPlaza { zone } => format!(
            "展位不能放在广场展区 {} 中，广场只放序言展板。请把展位移到某个展馆（kind 为 “pavilion” 的展区）。",
            q(zone)
        ),
        ProblemKind::SecondPlaza { first_path } => format!(
            "只能有一个广场展区，{first_path} 已是广场。请把这个展区的 kind 改为 “pavilion”。"
        ),
        ProblemKind::NoPavilion => {
            "没有任何展馆：至少需要一个 kind 为 “pavilion” 的展区（不写 kind 时默认为展馆）。请添加一个展馆。".to_owned()
        }
        ProblemKind::EmptyPavilion { zone } => format!(
            "展馆 {} 中没有展位，参观者会走进一个空展馆。请为它添加展位，或删除该展区。",
            q(zone)
        ),
        ProblemKind::InvalidUrl { url, issue } => url_message_zh(&q(url), issue),
        ProblemKind::NotGltfModel { url } => format!(
            "模型链接 {} 不是 .glb 或 .gltf 文件。请把模型导出为 glTF 2.0（推荐 .glb），并填写该文件的链接。",
            q(url)
        ),
        ProblemKind::OutOfRange { value, min, max } if !value.is_finite() => format!(
            "数值过大，超出了 32 位浮点数的表示范围。请填写 {min} 到 {max} 之间的数。"
        ),
        ProblemKind::OutOfRange { value, min, max } => {
            format!("数值 {} 超出范围。请填写 {min} 到 {max} 之间的数。", number(*value))
        }
        ProblemKind::EmptyText => {
            "文本为空或只有空白字符。请填写内容；如果这是可选的英文文本（“en”），也可以删除该字段，界面会改用中文。".to_owned()
        }
        ProblemKind::MissingEnglish => {
            "缺少英文名称（“en”）。英文界面会显示它，请补上英文。".to_owned()
        }
        ProblemKind::TextTooLong { length, max, excerpt } => format!(
            "文本 {} 长 {length} 个字符，超过上限 {max} 个字符。请缩短。",
            q(excerpt)
        ),
        ProblemKind::TooManyTags { count, max } => {
            format!("共有 {count} 个标签，最多允许 {max} 个。请删去多余的标签。")
        }
        ProblemKind::InvalidColor { value } => format!(
            "颜色 {} 无效。请写成 #RRGGBB 形式（6 位十六进制数字），例如 “#1E88E5”。",
            q(value)
        ),
        ProblemKind::InvalidDate { value } => format!(
            "日期 {} 无效。请写成 YYYY-MM-DD 形式的真实日期，例如 “2022-05-21”。",
            q(value)
        ),
        ProblemKind::DatesOutOfOrder { start, end } => format!(
            "开始日期 {} 晚于结束日期 {}。请检查这两个日期。",
            q(start),
            q(end)
        ),
        ProblemKind::InvalidTimestamp { value } => format!(
            "时间 {} 无效。请写成带时区的 RFC 3339 时间，例如 “2022-05-21T09:30:00+08:00”。",
            q(value)
        ),
        ProblemKind::TimesOutOfOrder { starts_at, ends_at } => format!(
            "开始时间 {} 不早于结束时间 {}。请让开始时间早于结束时间。",
            q(starts_at),
            q(ends_at)
        ),
        ProblemKind::NoTopics => "洽谈没有任何话题（topics 为空）。请至少填写一个话题。".to_owned(),
        ProblemKind::InvalidEmail { value } => format!(
            "邮箱 {} 格式无效。请填写形如 “name@example.com” 的地址。",
            q(value)
        ),
        ProblemKind::InvalidPhone { value } => format!(
            "电话 {} 格式无效：只能包含数字、“+”、“-” 和空格。请修改，例如 “+86 771 123 4567”。",
            q(value)
        ),
        ProblemKind::SampleContent => {
            "sample_content 为 true：展品介绍仍是示例文本。发布前请替换所有展品介绍，然后把 sample_content 改为 false 或删除该字段。".to_owned()
        }
        ProblemKind::Utf16 => {
            "文件是 UTF-16 编码（以字节 FF FE 或 FE FF 开头，或含有 NUL 字节）。请在编辑器中把它另存为 UTF-8 编码。".to_owned()
        }
        ProblemKind::JsonComment { line, column } => format!(
            "第 {line} 行第 {column} 列有注释（“//” 或 “/*”），JSON 不允许注释。请删除注释；需要说明时可写在文档里。"
        ),
        ProblemKind::InvalidFormat { value, supported } => format!(
            "“format” 的值 {value} 无效，它必须是整数 {supported}（不带小数点）。请把 “format” 设为 {supported}。"
        ),
        ProblemKind::ForbiddenCharacter { character } => format!(
            "文本含有控制字符或双向文字控制字符（U+{:04X}），会打乱展厅中显示的文字。请删除它。只有简介、说明和展板正文等长文本可以换行。",
            u32::from(*character)
        ),
        ProblemKind::TooManyItems { section, count, max } => format!(
            "{section} 中有 {count} 项，最多允许 {max} 项。请删去多余的项，或把展览拆分为多个展览清单。"
        ),
        ProblemKind::ProblemsHidden { hidden } => format!(
            "这一项还有 {hidden} 个问题未列出。请修正上面的问题后再次运行检查。"
        ),
        ProblemKind::TooManyEntries { count, max } => {
            format!("这个列表有 {count} 项，最多允许 {max} 项。请删去多余的项。")
        }
        ProblemKind::UnsupportedVideoFormat { url } => format!(
            "无法确定视频 {} 的格式。请使用 MP4（H.264/AAC，扩展名 .mp4）或 HLS（扩展名 .m3u8）；地址没有扩展名时，请加上 \"format\": \"mp4\" 或 \"hls\"。",
            q(url)
        ),
        ProblemKind::UnsupportedLiveFormat { url } => format!(
            "直播 {} 的 format 不能是 mp4。直播请用 \"hls\"（.m3u8）、\"flv\"（HTTP-FLV）或 \"embed\"（可嵌入的播放页）；录像请写在 replay_url 中。",
            q(url)
        ),
        ProblemKind::EmbedNotHttps { url } => format!(
            "嵌入的直播播放页 {} 必须是以 https:// 开头的完整地址。请改用播放平台提供的 https 嵌入地址。",
            q(url)
        ),
        ProblemKind::EmbedHostNotAllowed { url, host, allowed } => format!(
            "直播播放页 {} 的主机 {} 不在 exhibition.embed_hosts 中（现有：{}）。如果信任该平台，请把 {} 加入 embed_hosts。",
            q(url),
            q(host),
            list(allowed, Lang::Zh),
            q(host)
        ),
        ProblemKind::InvalidHost { value } => format!(
            "{} 不是有效的主机名。请只写主机名，使用小写字母，例如 “live.example.com”（不要写 https:// 或路径）。",
            q(value)
        ),
        ProblemKind::NotWebVtt { url } => format!(
            "字幕 {} 不是 WebVTT 文件。请提供扩展名为 .vtt 的 WebVTT 字幕。",
            q(url)
        ),
        ProblemKind::NegotiationOnScreen => {
            "广场大屏只能播放视频（video）和直播（live），不能放洽谈（negotiation）。请把洽谈移到展位的 media 中。".to_owned()
        }
        ProblemKind::SecondNegotiation { first_path } => format!(
            "这个展位已在 {first_path} 设置了洽谈，每个展位只能有一个。请把话题合并到第一个洽谈中，并删除这一项。"
        ),
        ProblemKind::MissingExhibitionId { field } => format!(
            "设置了 {field}，但 exhibition.id 为空，而请求需要携带展览标识。请添加 exhibition.id，例如 “guangxi-2022”。"
        ),
        ProblemKind::NotAbsoluteUrl { url } => format!(
            "{} 不是完整的网址。public_url 必须以 https:// 或 http:// 开头并包含主机名，例如 “https://expo.example.cn/”，因为二维码和分享链接在观众的手机上打开。",
            q(url)
        ),
    }
}

fn message_en(kind: &ProblemKind) -> String {
    let q = |value: &str| quote(value, Lang::En);
    match kind {
        ProblemKind::Syntax { line, column, detail } if is_empty_file(*line, *column, detail) => {
            "The file is empty. Write the manifest into it; docs/manifest.md has an example.".to_owned()
        }
        ProblemKind::Syntax { line, column, detail } => format!(
            "Invalid JSON at line {line}, column {column}: {detail}. Fix it there; common causes are a comma after the last item, a missing double quote, and full-width punctuation such as ，：“”."
        ),
        ProblemKind::DuplicateKey { key } => format!(
            "The key {} appears more than once in this object, and only the last value takes effect. Remove the extra one.",
            q(key)
        ),
        ProblemKind::UnknownField { field, allowed } => format!(
            "Unknown field {}. Allowed fields: {}. Check the spelling.",
            q(field),
            list(allowed, Lang::En)
        ),
        ProblemKind::MissingField { field } => format!("Missing required field {}. Add it.", q(field)),
        ProblemKind::UnknownVariant { value, allowed } => format!(
            "Invalid value {}. Allowed values: {}. Use one of them.",
            q(value),
            list(allowed, Lang::En)
        ),
        ProblemKind::WrongType { expected, found, .. } => {
            let expected = describe_expected(expected, Lang::En);
            format!("Expected {expected}, found {}. Change the value to {expected}.", describe_found(found, Lang::En))
        }
        ProblemKind::WrongLength { length, expected } => format!(
            "The array has {length} elements but needs exactly {expected}. Add or remove elements."
        ),
        ProblemKind::InvalidValue { detail } => {
            format!("Invalid value ({detail}). Correct it as docs/manifest.md describes for this field.")
        }
        ProblemKind::UnsupportedFormat { found, supported } => format!(
            "Manifest format version {found} is not supported; this build reads version {supported}. Set \"format\" to {supported}, or use a build of the hall that reads version {found}."
        ),
        ProblemKind::InvalidId { id } => format!(
            "Invalid id {}. Use only lowercase letters, digits and \"-\", start with a letter or digit, and keep it to 64 characters, for example \"nanning-pavilion\".",
            q(id)
        ),
        ProblemKind::DuplicateId { id, first_path } => format!(
            "Duplicate id {}, already used at {first_path}. Give each item its own id.",
            q(id)
        ),
        ProblemKind::UnknownZone { zone, known } => format!(
            "Zone {} does not exist. Known zones: {}. Use the id of a zone listed in \"zones\".",
            q(zone),
            list(known, Lang::En)
        ),
        ProblemKind::UnknownSubArea { sub_area, zone, known } if known.is_empty() => format!(
            "Zone {} has no sub-areas, so it has no sub-area {}. Remove \"sub_area\", or add the sub-area to the zone's \"sub_areas\".",
            q(zone),
            q(sub_area)
        ),
        ProblemKind::UnknownSubArea { sub_area, zone, known } => format!(
            "Zone {} has no sub-area {}. Its sub-areas: {}. Use one of them, or add it to the zone's \"sub_areas\".",
            q(zone),
            q(sub_area),
            list(known, Lang::En)
        ),
        ProblemKind::BoothInPlaza { zone } => format!(
            "A booth cannot be placed in the plaza zone {}, which contains only the preface boards. Move the booth to a pavilion (a zone of kind \"pavilion\").",
            q(zone)
        ),
        ProblemKind::SecondPlaza { first_path } => format!(
            "Only one plaza zone is allowed, and {first_path} is already a plaza. Change this zone's kind to \"pavilion\"."
        ),
        ProblemKind::NoPavilion => {
            "There is no pavilion: at least one zone must have kind \"pavilion\" (the default when kind is left out). Add a pavilion.".to_owned()
        }
        ProblemKind::EmptyPavilion { zone } => format!(
            "Pavilion {} has no booths, so visitors will walk into an empty hall. Add booths to it or remove the zone.",
            q(zone)
        ),
        ProblemKind::InvalidUrl { url, issue } => url_message_en(&q(url), issue),
        ProblemKind::NotGltfModel { url } => format!(
            "The model URL {} does not point to a .glb or .gltf file. Export the model as glTF 2.0 (.glb preferred) and link that file.",
            q(url)
        ),
        ProblemKind::OutOfRange { value, min, max } if !value.is_finite() => format!(
            "The number is too large for a 32-bit float. Use a number from {min} to {max}."
        ),
        ProblemKind::OutOfRange { value, min, max } => {
            format!("The number {} is out of range. Use a number from {min} to {max}.", number(*value))
        }
        ProblemKind::EmptyText => {
            "The text is empty or only whitespace. Fill it in; for an optional English text (\"en\") you may instead remove the field, and the Chinese text is shown.".to_owned()
        }
        ProblemKind::MissingEnglish => {
            "Missing English name (\"en\"). The English interface shows it, so add an English version.".to_owned()
        }
        ProblemKind::TextTooLong { length, max, excerpt } => format!(
            "The text {} is {length} characters long, over the limit of {max}. Shorten it.",
            q(excerpt)
        ),
        ProblemKind::TooManyTags { count, max } => {
            format!("There are {count} tags, but at most {max} are allowed. Remove the extra tags.")
        }
        ProblemKind::InvalidColor { value } => format!(
            "Invalid colour {}. Write it as #RRGGBB with six hexadecimal digits, for example \"#1E88E5\".",
            q(value)
        ),
        ProblemKind::InvalidDate { value } => format!(
            "Invalid date {}. Write a real calendar date as YYYY-MM-DD, for example \"2022-05-21\".",
            q(value)
        ),
        ProblemKind::DatesOutOfOrder { start, end } => format!(
            "The start date {} is after the end date {}. Check both dates.",
            q(start),
            q(end)
        ),
        ProblemKind::InvalidTimestamp { value } => format!(
            "Invalid time {}. Write an RFC 3339 time with an offset, for example \"2022-05-21T09:30:00+08:00\".",
            q(value)
        ),
        ProblemKind::TimesOutOfOrder { starts_at, ends_at } => format!(
            "The start time {} is not before the end time {}. Make the stream start before it ends.",
            q(starts_at),
            q(ends_at)
        ),
        ProblemKind::NoTopics => {
            "The negotiation has no topics (\"topics\" is empty). Add at least one topic.".to_owned()
        }
        ProblemKind::InvalidEmail { value } => format!(
            "Invalid e-mail address {}. Write an address like \"name@example.com\".",
            q(value)
        ),
        ProblemKind::InvalidPhone { value } => format!(
            "Invalid phone number {}: use only digits, \"+\", \"-\" and spaces, for example \"+86 771 123 4567\".",
            q(value)
        ),
        ProblemKind::SampleContent => {
            "sample_content is true, so the exhibit descriptions are still sample text. Replace all of them before publishing, then set sample_content to false or remove it.".to_owned()
        }
        ProblemKind::Utf16 => {
            "The file is UTF-16 (it starts with the bytes FF FE or FE FF, or contains NUL bytes). Save it as UTF-8 in your editor.".to_owned()
        }
        ProblemKind::JsonComment { line, column } => format!(
            "Comment (\"//\" or \"/*\") at line {line}, column {column}, but JSON allows no comments. Remove it."
        ),
        ProblemKind::InvalidFormat { value, supported } => format!(
            "Invalid \"format\" {value}: it must be the whole number {supported}, written without a decimal point. Set \"format\" to {supported}."
        ),
        ProblemKind::ForbiddenCharacter { character } => format!(
            "The text contains a control or bidirectional formatting character (U+{:04X}), which garbles the text shown in the hall. Remove it. Only long texts (summaries, descriptions and board texts) may contain line breaks.",
            u32::from(*character)
        ),
        ProblemKind::TooManyItems { section, count, max } => format!(
            "\"{section}\" has {count} items, but at most {max} are allowed. Remove some, or split the exhibition into several manifests."
        ),
        ProblemKind::ProblemsHidden { hidden } => format!(
            "{hidden} more problems in this item are not listed. Fix the problems above and run the validator again."
        ),
        ProblemKind::TooManyEntries { count, max } => {
            format!("This list has {count} entries, but at most {max} are allowed. Remove the extra entries.")
        }
        ProblemKind::UnsupportedVideoFormat { url } => format!(
            "The format of video {} is unknown. Use MP4 (H.264/AAC, extension .mp4) or HLS (extension .m3u8); for a URL without an extension, add \"format\": \"mp4\" or \"hls\".",
            q(url)
        ),
        ProblemKind::UnsupportedLiveFormat { url } => format!(
            "The live stream {} cannot have format mp4. Use \"hls\" (.m3u8), \"flv\" (HTTP-FLV) or \"embed\" (an embeddable player page); put recordings in replay_url.",
            q(url)
        ),
        ProblemKind::EmbedNotHttps { url } => format!(
            "The embedded live player page {} must be a full URL starting with https://. Use the https embed address the streaming platform gives.",
            q(url)
        ),
        ProblemKind::EmbedHostNotAllowed { url, host, allowed } => format!(
            "The host {} of live player page {} is not in exhibition.embed_hosts (listed: {}). If you trust that platform, add {} to embed_hosts.",
            q(host),
            q(url),
            list(allowed, Lang::En),
            q(host)
        ),
        ProblemKind::InvalidHost { value } => format!(
            "{} is not a valid host name. Write only the host name in lowercase, for example \"live.example.com\" (no https:// and no path).",
            q(value)
        ),
        ProblemKind::NotWebVtt { url } => format!(
            "The captions file {} is not WebVTT. Give WebVTT captions with the extension .vtt.",
            q(url)
        ),
        ProblemKind::NegotiationOnScreen => {
            "The plaza screen shows only videos (video) and live streams (live), not negotiation. Move the negotiation entry to a booth's media.".to_owned()
        }
        ProblemKind::SecondNegotiation { first_path } => format!(
            "This booth already has a negotiation entry at {first_path}, and a booth can have only one. Merge the topics into the first entry and remove this one."
        ),
        ProblemKind::MissingExhibitionId { field } => format!(
            "{field} is set but exhibition.id is missing, and requests carry the exhibition's id. Add exhibition.id, for example \"guangxi-2022\"."
        ),
        ProblemKind::NotAbsoluteUrl { url } => format!(
            "{} is not a full address. public_url must start with https:// or http:// and name a host, for example \"https://expo.example.cn/\", because QR codes and shared links open on visitors' phones.",
            q(url)
        ),
    }
}

fn url_message_zh(url: &str, issue: &UrlIssue) -> String {
    match issue {
        UrlIssue::Empty => "链接为空。请填写链接，或删除该字段。".to_owned(),
        UrlIssue::ForbiddenCharacter { character } => format!(
            "链接 {url} 含有空白或不可见字符（U+{:04X}）。请删除它；文件名中的空格请写作 %20。",
            u32::from(*character)
        ),
        UrlIssue::Backslash => {
            format!("链接 {url} 含有反斜杠 “\\”，浏览器会把它当作 “/”。请改用正斜杠 “/”。")
        }
        UrlIssue::ProtocolRelative => format!(
            "链接 {url} 以 “//” 开头，会从其他网站加载。请写成以 https:// 开头的完整链接，或相对于清单文件的路径。"
        ),
        UrlIssue::DisallowedScheme { scheme } => format!(
            "链接 {url} 使用了不允许的协议 “{scheme}:”。只允许 http://、https:// 或相对于清单文件的路径。"
        ),
        UrlIssue::MissingHost => {
            format!("链接 {url} 缺少主机名。请写成 https://主机名/路径 的形式。")
        }
    }
}

fn url_message_en(url: &str, issue: &UrlIssue) -> String {
    match issue {
        UrlIssue::Empty => "The URL is empty. Fill it in or remove the field.".to_owned(),
        UrlIssue::ForbiddenCharacter { character } => format!(
            "The URL {url} contains whitespace or an invisible character (U+{:04X}). Remove it, and write a space in a file name as %20.",
            u32::from(*character)
        ),
        UrlIssue::Backslash => format!(
            "The URL {url} contains a backslash \"\\\", which browsers read as \"/\". Use forward slashes."
        ),
        UrlIssue::ProtocolRelative => format!(
            "The URL {url} starts with \"//\", so it loads from another site. Write a full URL starting with https:// or a path relative to the manifest."
        ),
        UrlIssue::DisallowedScheme { scheme } => format!(
            "The URL {url} uses the scheme \"{scheme}:\", which is not allowed. Use http://, https:// or a path relative to the manifest."
        ),
        UrlIssue::MissingHost => {
            format!("The URL {url} has no host name. Write it as https://host/path.")
        }
    }
}

/// Checks whether a syntax error means that the file has no JSON value at all.
fn is_empty_file(line: usize, column: usize, detail: &str) -> bool {
    line == 1 && column == 0 && detail.starts_with("EOF while parsing a value")
}

/// Returns the space that Chinese typesetting puts before a Latin word or a number.
fn latin_gap(text: &str) -> &'static str {
    if text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        " "
    } else {
        ""
    }
}

/// Formats a number as written in JSON: `0.001`, `101`, and `1e-50` instead of fifty zeros.
/// Exponent forms keep 15 significant digits, because serde_json's default float parser can
/// be off in the last digit (`1e-50` reads as `9.999999999999999e-51`).
fn number(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-6..1e16).contains(&magnitude) {
        return value.to_string();
    }
    let formatted = format!("{value:.14e}");
    let (mantissa, exponent) = formatted.split_once('e').unwrap_or((&formatted, "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    format!("{mantissa}e{exponent}")
}

/// Translates the common serde_json syntax error descriptions; others stay in English.
fn syntax_detail_zh(detail: &str) -> String {
    let translated = match detail {
        d if d.starts_with("EOF while parsing") => {
            "文件在 JSON 结束之前就结束了（可能缺少 “]”、“}” 或引号）"
        }
        "expected `:`" => "此处应为英文冒号 “:”",
        "expected `,` or `]`" => "此处应为英文逗号 “,” 或 “]”",
        "expected `,` or `}`" => "此处应为英文逗号 “,” 或 “}”",
        "expected value" => "此处应为一个值（字符串要用英文双引号括起）",
        "expected ident" => "无法识别的词（true、false、null 必须小写）",
        "key must be a string" => "对象的键必须是用英文双引号括起的字符串",
        "trailing comma" => "最后一项后面有多余的逗号",
        "trailing characters" => "JSON 结束之后还有多余的内容",
        "invalid escape" => "无效的转义序列（反斜杠 “\\” 要写作 “\\\\”）",
        "invalid number" => "无效的数字",
        "number out of range" => "数字超出范围",
        "invalid unicode code point" => "无效的字符（文件必须以 UTF-8 编码保存）",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "字符串中有控制字符（例如未转义的换行，请写作 \\n）"
        }
        "recursion limit exceeded" => "嵌套层数过多",
        other => return other.to_owned(),
    };
    translated.to_owned()
}

/// Describes serde's "expected" text (`u32`, `a string`, `struct Text`) for organizers.
fn describe_expected(expected: &str, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let text = match expected {
        "u32" if zh => "非负整数（0 到 4294967295）",
        "u32" => "a whole number from 0 to 4294967295",
        "f32" | "f64" if zh => "数字",
        "f32" | "f64" => "a number",
        "a string" if zh => "用英文双引号括起的字符串",
        "a string" => "a string in double quotes",
        "a boolean" if zh => "true 或 false",
        "a boolean" => "true or false",
        "a sequence" if zh => "数组 [...]",
        "a sequence" => "an array [...]",
        e if e.starts_with("struct ") && zh => "对象 {...}",
        e if e.starts_with("struct ") => "an object {...}",
        e if e.starts_with("internally tagged enum") && zh => "带 “kind” 字段的对象 {...}",
        e if e.starts_with("internally tagged enum") => "an object {...} with a \"kind\" field",
        e if e.starts_with("enum ") || e == "variant identifier" => {
            if zh {
                "用英文双引号括起的可选值之一"
            } else {
                "one of the allowed strings"
            }
        }
        e => match e.strip_prefix("an array of length ") {
            Some(length) if zh => return format!("含 {length} 个元素的数组"),
            Some(length) => return format!("an array of {length} elements"),
            None => e,
        },
    };
    text.to_owned()
}

/// Describes serde's "unexpected" text (`string "x"`, `integer \`5\``, `map`) for organizers.
fn describe_found(found: &str, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let unquote = |s: &str| s.trim_matches('`').to_owned();
    if let Some(rest) = found.strip_prefix("string ") {
        let value = serde_json::from_str::<String>(rest).unwrap_or_else(|_| rest.to_owned());
        return if zh {
            format!("字符串 {}", quote(&value, lang))
        } else {
            format!("the string {}", quote(&value, lang))
        };
    }
    if let Some(rest) = found.strip_prefix("integer ") {
        return if zh {
            format!("整数 {}", unquote(rest))
        } else {
            format!("the integer {}", unquote(rest))
        };
    }
    if let Some(rest) = found.strip_prefix("floating point ") {
        return if zh {
            format!("小数 {}", unquote(rest))
        } else {
            format!("the number {}", unquote(rest))
        };
    }
    if let Some(rest) = found.strip_prefix("boolean ") {
        return if zh {
            format!("布尔值 {}", unquote(rest))
        } else {
            format!("the boolean {}", unquote(rest))
        };
    }
    let text = match found {
        "null" | "unit value" => "null",
        "map" if zh => "对象 {...}",
        "map" => "an object {...}",
        "sequence" if zh => "数组 [...]",
        "sequence" => "an array [...]",
        other => other,
    };
    text.to_owned()
}

/// Quotes a value for a message (“…” in Chinese, "…" in English), writes invisible characters
/// as `\u{..}` escapes so that they cannot hide or reorder text in a terminal, and cuts values
/// longer than [`MAX_QUOTED_CHARS`].
pub(crate) fn quote(value: &str, lang: Lang) -> String {
    let mut out = String::new();
    out.push(if lang == Lang::Zh { '“' } else { '"' });
    for (count, c) in value.chars().enumerate() {
        if count == MAX_QUOTED_CHARS {
            out.push('…');
            break;
        }
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push(if lang == Lang::Zh { '”' } else { '"' });
    out
}

/// Formats a list of names as `“a”、“b”` or `"a", "b"`; an empty list as `（无）` or `(none)`.
fn list(items: &[String], lang: Lang) -> String {
    if items.is_empty() {
        return if lang == Lang::Zh {
            "（无）"
        } else {
            "(none)"
        }
        .to_owned();
    }
    let separator = if lang == Lang::Zh { "、" } else { ", " };
    items
        .iter()
        .map(|item| quote(item, lang))
        .collect::<Vec<_>>()
        .join(separator)
}

/// Checks for control characters and the invisible formatting characters that can hide or
/// reorder text: zero-width characters, bidirectional controls and the byte order mark.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_and_cuts() {
        assert_eq!(quote("a\u{1b}[31mb", Lang::En), "\"a\\u{1b}[31mb\"");
        assert_eq!(quote("a\u{202e}b", Lang::Zh), "“a\\u{202e}b”");
        let long = "长".repeat(100);
        assert_eq!(quote(&long, Lang::Zh), format!("“{}…”", "长".repeat(80)));
    }

    #[test]
    fn found_and_expected_descriptions() {
        assert_eq!(describe_found("string \"abc\"", Lang::Zh), "字符串 “abc”");
        assert_eq!(describe_found("integer `5`", Lang::En), "the integer 5");
        assert_eq!(describe_found("floating point `1.5`", Lang::Zh), "小数 1.5");
        assert_eq!(
            describe_expected("an array of length 3", Lang::En),
            "an array of 3 elements"
        );
        assert_eq!(describe_expected("struct Text", Lang::Zh), "对象 {...}");
    }
}
