// Counts WebGL2 draw calls and triangles per animation frame and publishes the last complete
// frame's counts as window.__EXPO_GL_STATS__ = { drawCalls, triangles, frames }. Used by
// bench/perf.mjs. It wraps the draw methods of WebGL2RenderingContext.prototype, so it must run
// before the app creates its context, and it costs one counter update per draw call.
// NOTE: draws through the WEBGL_multi_draw extension are not counted.
(() => {
  const gl = window.WebGL2RenderingContext && WebGL2RenderingContext.prototype;
  if (!gl || gl.__expoGlStatsWrapped) return;
  Object.defineProperty(gl, '__expoGlStatsWrapped', { value: true });

  let drawCalls = 0;
  let triangles = 0;

  // Triangles drawn by `count` vertices in `mode`; points and lines count as none.
  const trianglesOf = (mode, count) => {
    if (mode === gl.TRIANGLES) return Math.floor(count / 3);
    if (mode === gl.TRIANGLE_STRIP || mode === gl.TRIANGLE_FAN) return Math.max(0, count - 2);
    return 0;
  };

  // Each entry: method name and the argument positions of mode, count and instance count.
  const methods = [
    ['drawArrays', 0, 2, -1],
    ['drawElements', 0, 1, -1],
    ['drawRangeElements', 0, 3, -1],
    ['drawArraysInstanced', 0, 2, 3],
    ['drawElementsInstanced', 0, 1, 4],
  ];
  for (const [name, modeAt, countAt, instancesAt] of methods) {
    const original = gl[name];
    if (typeof original !== 'function') continue;
    gl[name] = function (...args) {
      const instances = instancesAt < 0 ? 1 : args[instancesAt];
      drawCalls += 1;
      triangles += trianglesOf(args[modeAt], args[countAt]) * instances;
      return original.apply(this, args);
    };
  }

  // The app renders once per animation frame, so the counts between two callbacks of this
  // loop belong to one frame, whichever of the two callbacks runs first within a frame.
  let frames = 0;
  const publish = () => {
    frames += 1;
    window.__EXPO_GL_STATS__ = Object.freeze({ drawCalls, triangles, frames });
    drawCalls = 0;
    triangles = 0;
    requestAnimationFrame(publish);
  };
  requestAnimationFrame(publish);
})();
