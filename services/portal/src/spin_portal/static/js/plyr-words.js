// Plyr's own labels (its `i18n` option) in the page's language: the player's buttons, menus and
// the labels a screen reader says. `{seektime}`, `{currentTime}` and `{duration}` are Plyr's.
import { tr } from './words.js'

export function plyrWords() {
  return {
    play: tr('Play'),
    pause: tr('Pause'),
    played: tr('Played'),
    buffered: tr('Buffered'),
    currentTime: tr('Current time'),
    duration: tr('Duration'),
    volume: tr('Volume'),
    mute: tr('Mute'),
    unmute: tr('Unmute'),
    seek: tr('Seek'),
    seekLabel: tr('%(current)s of %(duration)s', { current: '{currentTime}', duration: '{duration}' }),
    enterFullscreen: tr('Enter full screen'),
    exitFullscreen: tr('Exit full screen'),
    settings: tr('Settings'),
    menuBack: tr('Back to the previous menu'),
    speed: tr('Speed'),
    normal: tr('Normal'),
    download: tr('Download'),
  }
}
