// Polls a job's status and updates the page; without JavaScript the page offers a refresh link instead.
(function () {
  var box = document.getElementById('job-progress')
  if (!box) return
  var url = box.getAttribute('data-status-url')
  function set (name, value) {
    var el = box.querySelector('[data-field="' + name + '"]')
    if (el) el.textContent = value
  }
  function poll () {
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.json() }).then(function (job) {
      set('status', job.status); set('progress', job.progress); set('message', job.message || '')
      var bar = document.getElementById('job-bar'); if (bar) bar.value = job.progress
      if (job.finished) { window.location.reload() } else { setTimeout(poll, 1500) }
    }).catch(function () { setTimeout(poll, 5000) })
  }
  if (box.querySelector('[data-field="status"]').textContent.trim() !== 'Done') setTimeout(poll, 1500)
})()
