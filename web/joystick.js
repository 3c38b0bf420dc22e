// On-screen joystick for touch screens: writes window.__EXPO_INPUT__.joystick = {x, y}, each -1..1
// (x right, y forward), which the hall reads every frame.
(() => {
  const input = { joystick: { x: 0, y: 0 } };
  window.__EXPO_INPUT__ = input;
  const setup = () => {
    const pad = document.getElementById('joystick');
    if (!pad) return;
    const knob = pad.querySelector('.knob');
    const radius = 45;
    let active = null;
    const move = (event) => {
      const rect = pad.getBoundingClientRect();
      let dx = event.clientX - (rect.left + rect.width / 2);
      let dy = event.clientY - (rect.top + rect.height / 2);
      const length = Math.hypot(dx, dy);
      if (length > radius) { dx *= radius / length; dy *= radius / length; }
      knob.style.transform = `translate(${dx}px, ${dy}px)`;
      input.joystick = { x: dx / radius, y: -dy / radius };
    };
    const release = () => {
      active = null;
      knob.style.transform = '';
      input.joystick = { x: 0, y: 0 };
    };
    pad.addEventListener('pointerdown', (event) => {
      active = event.pointerId;
      pad.setPointerCapture(event.pointerId);
      move(event);
      event.preventDefault();
      event.stopPropagation();
    });
    pad.addEventListener('pointermove', (event) => { if (event.pointerId === active) move(event); });
    pad.addEventListener('pointerup', release);
    pad.addEventListener('pointercancel', release);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();
