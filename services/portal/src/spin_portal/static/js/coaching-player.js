// Coaching on the player page, for the apprentice and their supervisor only: the planner's
// answer to "where does the coding stand" says whether the viewer takes part, and as whom.
import { CoachingCoding } from './coaching-coding.js'
import { CoachingComments } from './coaching-comments.js'
import { requestJSON } from './workspace-api.js'

async function start() {
  const root = document.getElementById('coaching')
  const player = document.getElementById('workspace-player')
  const video = document.querySelector('#player video')
  if (!root || !player || !video) return
  const alert = root.querySelector('#coaching-alert')
  const onProblem = (text) => {
    alert.textContent = text
    alert.hidden = !text
  }
  let coding
  try {
    coding = (await requestJSON(root.dataset.codingUrl)).data
  } catch {
    return // not a coaching pair (or no supervisor): the panel stays hidden
  }
  root.hidden = false
  const me = coding.my_role === 'supervisor' ? coding.supervisor_id : coding.practitioner_id
  const duration = Number(player.dataset.duration) || video.duration || 0
  const comments = new CoachingComments({
    url: root.dataset.commentsUrl,
    lane: document.getElementById('coaching-lane'),
    list: root.querySelector('#comment-threads'),
    form: root.querySelector('#comment-form'),
    video,
    me,
    onProblem,
  })
  const vocabulary = (await requestJSON(player.dataset.vocabularyUrl)).data
  const coder = new CoachingCoding({
    codingUrl: root.dataset.codingUrl,
    agreementUrl: root.dataset.agreementUrl,
    root,
    video,
    levels: vocabulary.levels,
    onProblem,
  })
  coder.render(coding)
  await comments.load(duration)
  const at = /^#t=([\d.]+)$/.exec(window.location.hash)
  if (at) video.currentTime = Number(at[1])
}

start().catch((problem) => {
  const alert = document.getElementById('coaching-alert')
  if (alert) {
    alert.textContent = problem.message
    alert.hidden = false
  }
})
