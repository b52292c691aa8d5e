// onevision desk: the review queue's keys. The page works without this script (plain form, Save and
// Skip); the keys only tick its boxes and press its buttons, so a key does exactly what a click does.
'use strict';
(function () {
  // Where a key is text being typed, not a command.
  const TYPING = 'input:not([type="checkbox"]):not([type="radio"]):not([type="submit"]):not([type="button"]):not([type="hidden"]), textarea, select, [contenteditable]:not([contenteditable="false"])';

  function enhance(root) {
    const form = root.querySelector('form.review-form');
    const outcomes = form ? [...form.querySelectorAll('input[name="outcome"]')] : [];
    const none = form ? form.querySelector('input[name="none"]') : null;
    // Ticking an outcome unticks "none of these" and the other way round, by mouse as by key.
    for (const box of outcomes) box.addEventListener('change', () => { if (box.checked && none) none.checked = false; });
    if (none) none.addEventListener('change', () => { if (none.checked) for (const box of outcomes) box.checked = false; });
    document.addEventListener('keydown', (event) => onKey(event, form, outcomes, none));
  }

  function onKey(event, form, outcomes, none) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && target.closest(TYPING)) return;
    const key = event.key;
    if (key >= '1' && key <= '5') return act(event, () => toggle(outcomes[Number(key) - 1]));
    if (key === '0' && none) return act(event, () => toggle(none));
    // Enter on a button or link already presses it: only take it elsewhere (a checkbox, the page).
    if (key === 'Enter' && form && !(target instanceof HTMLElement && target.closest('button, a, summary'))) return act(event, () => press(form.querySelector('[data-review-save]')));
    if (key === 's') return act(event, () => press(document.querySelector('[data-review-skip]')));
    if (key === 'u') return act(event, () => press(document.querySelector('[data-review-undo]')));
    if (key === '?') return act(event, toggleKeys);
  }

  function act(event, action) {
    event.preventDefault();
    action();
  }

  function toggle(box) {
    if (!box) return;
    box.checked = !box.checked;
    box.dispatchEvent(new Event('change', { bubbles: true }));
    box.focus();
  }

  function press(control) {
    if (control) control.click();
  }

  function toggleKeys() {
    const keys = document.getElementById('review-keys');
    if (!keys) return;
    keys.open = !keys.open;
    if (keys.open) keys.querySelector('summary').focus();
  }

  window.onevisionDesk.register('review', enhance);
})();
