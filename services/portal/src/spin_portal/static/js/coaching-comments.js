// Coaching comments on the footage: marks on a lane under the player's timeline and threads
// (a comment and its replies) beside it. Choosing a mark or a thread's time plays from there.
import { clockTime } from './format.js'
import { onSubmit } from './panel-dom.js'
import { requestJSON } from './workspace-api.js'
import { tr, trn } from './words.js'

function threadsOf(comments) {
  const roots = comments.filter((c) => !c.reply_to)
  const replies = (root) => comments.filter((c) => c.reply_to === root.id)
  return roots
    .sort((a, b) => a.at_s - b.at_s || a.created_at.localeCompare(b.created_at))
    .map((root) => ({ root, replies: replies(root).sort((a, b) => a.created_at.localeCompare(b.created_at)) }))
}

function whoWrote(comment, me) {
  return comment.author_id === me ? tr('You') : comment.author_id === comment.supervisor_id ? tr('Supervisor') : tr('Apprentice')
}

export class CoachingComments {
  constructor({ url, lane, list, form, video, me, onProblem }) {
    Object.assign(this, { url, lane, list, form, video, me, onProblem })
    this.comments = []
    this.duration = 0
    this.words = form.querySelector('#comment-words')
    this.at = form.querySelector('#comment-at')
    this.error = form.querySelector('#comment-error')
    video.addEventListener('timeupdate', () => {
      this.at.textContent = clockTime(video.currentTime, { hundredths: false })
    })
    onSubmit(form, () => {
      this.#send({ at_s: Math.round(this.video.currentTime * 100) / 100, words: this.words.value }, this.error, this.words)
    })
    lane.addEventListener('click', (event) => this.#play(event))
    list.addEventListener('click', (event) => this.#play(event))
    onSubmit(list, (event) => {
      const reply = event.target.closest('form[data-reply-to]')
      if (!reply) return
      const words = reply.querySelector('textarea')
      this.#send({ at_s: 0, words: words.value, reply_to: reply.dataset.replyTo }, reply.querySelector('.field-error'), words)
    })
  }

  async load(duration) {
    this.duration = duration
    const { data } = await requestJSON(this.url)
    this.comments = data
    this.render()
  }

  async #send(body, errorEl, field) {
    errorEl.textContent = ''
    if (!body.words.trim()) {
      errorEl.textContent = tr('Write the comment first.')
      field.focus()
      return
    }
    try {
      const { data } = await requestJSON(this.url, { method: 'POST', body })
      this.comments.push(data)
      field.value = ''
      this.render()
    } catch (problem) {
      errorEl.textContent = problem.message
    }
  }

  #play(event) {
    const target = event.target.closest('[data-at]')
    if (!target || event.target.closest('form')) return
    this.video.currentTime = Number(target.dataset.at)
    this.video.play().catch(() => {})
  }

  render() {
    this.lane.hidden = false
    this.lane.replaceChildren()
    const threads = threadsOf(this.comments)
    for (const { root, replies } of threads) {
      const mark = document.createElement('button')
      mark.type = 'button'
      mark.className = 'comment-mark'
      mark.dataset.at = String(root.at_s)
      mark.dataset.commentId = root.id
      mark.style.left = `${this.duration ? Math.min(100, (100 * root.at_s) / this.duration) : 0}%`
      const at = clockTime(root.at_s, { hundredths: false })
      mark.setAttribute('aria-label', replies.length
        ? trn('Comment at %(at)s and %(num)s reply', 'Comment at %(at)s and %(num)s replies', replies.length, { at })
        : tr('Comment at %(at)s', { at }))
      mark.title = root.words
      this.lane.appendChild(mark)
    }
    this.list.replaceChildren(...threads.map((thread) => this.#thread(thread)))
  }

  #thread({ root, replies }) {
    const item = document.createElement('li')
    item.className = 'comment-thread'
    item.dataset.commentId = root.id
    const time = document.createElement('button')
    time.type = 'button'
    time.className = 'comment-time'
    time.dataset.at = String(root.at_s)
    time.textContent = clockTime(root.at_s, { hundredths: false })
    item.appendChild(time)
    for (const comment of [root, ...replies]) {
      const said = document.createElement('p')
      said.className = comment.reply_to ? 'comment comment--reply' : 'comment'
      const who = document.createElement('strong')
      who.textContent = `${whoWrote(comment, this.me)}: `
      said.append(who, document.createTextNode(comment.words))
      item.appendChild(said)
    }
    item.appendChild(this.#replyForm(root))
    return item
  }

  #replyForm(root) {
    const form = document.createElement('form')
    form.className = 'reply-form'
    form.dataset.replyTo = root.id
    form.noValidate = true
    const id = `reply-${root.id}`
    const label = document.createElement('label')
    label.htmlFor = id
    label.textContent = tr('Reply')
    const words = document.createElement('textarea')
    words.id = id
    words.rows = 2
    words.maxLength = 4000
    const error = document.createElement('p')
    error.className = 'field-error'
    error.setAttribute('role', 'alert')
    const send = document.createElement('button')
    send.textContent = tr('Reply')
    form.append(label, words, error, send)
    return form
  }
}
