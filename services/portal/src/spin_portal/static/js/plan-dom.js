// The plan builder's small page helpers: an element by its id, the page's notice or alert, and
// a button of the plan (hidden where the reader may not edit it).
export const $ = (id) => document.getElementById(id)

export function say(text, { alert = false } = {}) {
  $('plan-error').textContent = alert ? text : ''
  $('plan-error').hidden = !alert || !text
  $('plan-notice').textContent = alert ? '' : text
  $('plan-notice').hidden = alert || !text
}

export function button(text, label, action) {
  const b = document.createElement('button')
  b.type = 'button'
  b.className = 'plan-edit'
  b.textContent = text
  if (label) b.setAttribute('aria-label', label)
  b.addEventListener('click', action)
  return b
}
