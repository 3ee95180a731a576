// Local date-times on the page's clock (<html data-time-zone>, the reader's institute's zone),
// whatever zone the laptop is set to: a session in Israel is recorded in Israel's time.
const zone = () => document.documentElement.dataset.timeZone || 'UTC'

// "sv-SE" writes 2026-03-02 10:30:00, the shape a datetime-local field takes.
function wallClock(moment, timeZone) {
  return new Intl.DateTimeFormat('sv-SE', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    second: '2-digit', hourCycle: 'h23', timeZone,
  }).format(moment).replace(' ', 'T')
}

// Now, as a datetime-local value on the page's clock.
export function zoneNow() {
  return wallClock(new Date(), zone()).slice(0, 16)
}

// A datetime-local value read on the page's clock, as the moment it names. The zone's offset
// is taken at the first guess and again at the answer, which settles it across a DST change.
export function fromZoneLocal(value) {
  const asUTC = Date.parse(`${value.slice(0, 16)}:00Z`)
  const offsetAt = (ms) => Date.parse(`${wallClock(new Date(ms), zone())}Z`) - ms
  let moment = asUTC - offsetAt(asUTC)
  moment = asUTC - offsetAt(moment)
  return new Date(moment)
}
