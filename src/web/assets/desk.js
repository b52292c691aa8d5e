// onevision desk: progressive enhancement only. Every page works without this script; with it,
// pages that opt in (data-enhance="...") get keyboard shortcuts and in-place saving.
'use strict';
(function () {
  const enhancers = {};
  window.onevisionDesk = { register(name, enhance) { enhancers[name] = enhance; } };
  document.addEventListener('DOMContentLoaded', () => {
    for (const element of document.querySelectorAll('[data-enhance]')) {
      const enhance = enhancers[element.getAttribute('data-enhance')];
      if (enhance) enhance(element);
    }
  });
})();
