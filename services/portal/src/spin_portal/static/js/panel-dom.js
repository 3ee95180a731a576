// What the player's panels share: their elements looked up by selector, and a form that runs
// its action instead of reloading the page.
export function elements(root, selectors) {
  return Object.fromEntries(Object.entries(selectors).map(([name, selector]) => [name, root.querySelector(selector)]))
}

export function onSubmit(form, action) {
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    action(event)
  })
}
