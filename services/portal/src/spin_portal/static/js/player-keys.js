// Keyboard shortcuts of the micro-analysis player. They never act while the person types in a
// field, and leave the browser's own shortcuts (Ctrl, Alt, Meta) alone.

const SLIDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'])

function typingIn(target, key) {
  if (!(target instanceof Element)) return false
  if (target.closest('textarea, select, [contenteditable]:not([contenteditable="false"])')) return true
  const input = target.closest('input')
  if (!input) return false
  // A slider (the player's seek bar, the volume) is not typing, but it owns its arrow keys.
  if (input.type === 'range') return SLIDER_KEYS.has(key)
  return true
}

// On a button or a link, Space and Enter press it, as everywhere else.
function pressesControl(target, key) {
  return (key === ' ' || key === 'Enter') && target instanceof Element && target.closest('button, a[href], summary, [role="button"]')
}

function actionFor(event, actions) {
  const letter = event.key.length === 1 ? event.key.toLowerCase() : event.key
  switch (letter) {
    case ' ':
      return actions.togglePlay
    case 'j':
      return actions.back
    case 'k':
      return actions.pause
    case 'l':
      return actions.forward
    case 'i':
      return actions.markStart
    case 'o':
      return actions.markEnd
    case 'ArrowLeft':
      return event.shiftKey ? actions.secondBack : actions.frameBack
    case 'ArrowRight':
      return event.shiftKey ? actions.secondForward : actions.frameForward
    default:
      return null
  }
}

export function bindShortcuts(actions) {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
    if (typingIn(event.target, event.key) || pressesControl(event.target, event.key)) return
    const action = actionFor(event, actions)
    if (!action) return
    event.preventDefault()
    action()
  })
}
