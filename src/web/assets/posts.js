// Posts browser: the filter form works as a plain GET form. With this script, empty fields are left
// out of the address, so a shared link says only what was asked ("/posts?outcome=2&q=buses").
'use strict';
window.onevisionDesk.register('posts-filters', (form) => {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text !== '' && !(name === 'size' && text === form.dataset.defaultSize)) params.set(name, text);
    }
    const search = params.toString();
    window.location.assign(search === '' ? form.action : `${form.action}?${search}`);
  });
});
