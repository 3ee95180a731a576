// Times and dates as the workspace shows them.
import { tr } from './words.js'

// 75.5 -> "1:15.50"; with hundredths because moments are marked to the frame.
export function clockTime(seconds, { hundredths = true } = {}) {
  if (!Number.isFinite(seconds) || seconds < 0) return '–'
  const whole = Math.floor(seconds)
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const s = whole % 60
  const rest = hundredths ? `.${String(Math.floor((seconds - whole) * 100)).padStart(2, '0')}` : ''
  const mm = h ? String(m).padStart(2, '0') : String(m)
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}${rest}`
}

export function spokenTime(seconds) {
  if (!Number.isFinite(seconds)) return tr('unknown time')
  const m = Math.floor(seconds / 60)
  const s = (seconds - m * 60).toFixed(2)
  return m ? tr('%(minutes)s min %(seconds)s s', { minutes: m, seconds: s }) : tr('%(seconds)s s', { seconds: s })
}

export function localDateTime(iso) {
  if (!iso) return '–'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const lang = document.documentElement.lang || undefined
  return date.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' })
}
