// The drawing editor for a system map. Every change is saved at once through the map's small JSON endpoints,
// which check membership, CSRF and the map's revision (two people at once: the second is told, never
// overwritten). Every action also has a button, a form or a key (WCAG 2.5.7: no dragging needed), and the
// map's own page does it all without JavaScript. No inline script or style: the site's CSP forbids them.
(function () {
  'use strict'
  var root = document.getElementById('map-editor')
  if (!root || typeof window.cytoscape !== 'function') return
  root.hidden = false
  Array.prototype.forEach.call(document.querySelectorAll('.ju-no-js-only'), function (el) { el.hidden = true })

  var OWNER_COLOURS = { central: '#1d70b8', local: '#00703c', community: '#a0470d', other: '#4c2c92', '': '#505a5f' }
  var SIGNS = { '+': '+', '-': '−', '?': '?' }
  var csrf = root.querySelector('input[name=csrfmiddlewaretoken]').value
  var status = document.getElementById('map-status')
  var canvas = document.getElementById('map-canvas')
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches
  // Cytoscape adds an inline <style> giving its container position: relative, which our CSP blocks. It skips
  // that when an element with its stylesheet id exists, so we mark it as present (joinedup.css sets the rule).
  if (!document.getElementById('__________cytoscape_stylesheet')) {
    var marker = document.createElement('meta')
    marker.id = '__________cytoscape_stylesheet'
    document.head.appendChild(marker)
  }
  var urls = {}
  var revision = null
  var cy = null
  var selected = null
  var linking = false // "Draw links by dragging" is on
  var dragFrom = null // the factor a link is being dragged from
  var analysis = null
  var playing = null

  function $ (id) { return document.getElementById(id) }
  function say (text) { status.textContent = text }
  function label (id) { var n = cy.getElementById('f' + id); return n.length ? n.data('label') : '' }

  function conflict (message) {
    $('map-conflict-message').textContent = message
    $('map-conflict').hidden = false
    $('map-conflict').focus()
  }

  // One request at a time, in the order asked: each change carries the revision the previous one returned (a
  // second change sent before the first is answered would look like someone else's edit), and the analysis is
  // read only after the changes before it are saved.
  var queue = Promise.resolve()
  function inTurn (task) {
    var run = queue.then(task, task)
    queue = run.catch(function () {})
    return run
  }

  function send (url, body) {
    return inTurn(function () { return post(url, body) })
  }

  function post (url, body) {
    var headers = { 'Content-Type': 'application/json', 'X-CSRFToken': csrf }
    if (revision !== null) headers['X-Map-Revision'] = String(revision)
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(body || {}) })
      .then(function (response) {
        return response.json().then(function (data) {
          if (data.conflict) {
            conflict(data.errors.__all__)
            throw new Error(data.errors.__all__)
          }
          if (!response.ok) {
            var errors = data.errors || {}
            throw new Error(Object.keys(errors).map(function (k) { return (k === '__all__' ? '' : k + ': ') + errors[k] }).join('; ') || 'It was not saved')
          }
          if (typeof data.revision === 'number') revision = data.revision
          return data
        })
      })
  }

  function failed (error) { say('Not saved: ' + error.message) }
  function changed () { refreshChoices(); loadAnalysis() }

  function factorElement (f) {
    return { group: 'nodes', data: { id: 'f' + f.id, pk: f.id, label: f.label, owner: f.owner || '', perspective: f.perspective || '', colour: OWNER_COLOURS[f.owner || ''], ground: f.ground ? 1 : 0 }, position: { x: f.x, y: f.y } }
  }

  function linkElement (l, twin) {
    return { group: 'edges', data: { id: 'l' + l.id, pk: l.id, source: 'f' + l.source, target: 'f' + l.target, polarity: l.polarity, delay: l.delay ? 1 : 0, sign: SIGNS[l.polarity] + (l.delay ? ' ‖' : ''), twin: twin } }
  }

  function twinned (links) {
    var ends = {}
    links.forEach(function (l) { ends[l.source + '>' + l.target] = true })
    return links.map(function (l) { return linkElement(l, !!ends[l.target + '>' + l.source]) })
  }

  // On a big map fitted to the screen, labels would be specks: those under 10 screen pixels are not drawn
  // until you zoom in (the lists here and the map's tables always name everything). A small map's labels are
  // always drawn, on a white halo so links passing behind never hide them.
  var MIN_LABEL_PX = 10
  var BIG_MAP = 400 // factors and links together

  function style (big) {
    var small = big ? { 'min-zoomed-font-size': MIN_LABEL_PX } : {}
    return [
      { selector: 'node', style: Object.assign({ 'background-color': 'data(colour)', label: 'data(label)', width: 28, height: 28, 'text-valign': 'bottom', 'text-margin-y': 6, 'font-size': 14, color: '#0b0c0c', 'border-width': 1, 'border-color': '#0b0c0c', 'text-wrap': 'wrap', 'text-max-width': 150, 'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'text-background-padding': 2 }, small) },
      { selector: 'node[ground = 1]', style: { 'border-width': 5, 'border-style': 'double' } },
      { selector: 'edge', style: Object.assign({ width: 2, 'curve-style': 'straight', 'target-arrow-shape': 'triangle', 'line-color': '#0b0c0c', 'target-arrow-color': '#0b0c0c', label: 'data(sign)', 'font-size': 16, 'font-weight': 'bold', 'text-background-color': '#ffffff', 'text-background-opacity': 1 }, small) },
      { selector: 'edge[?twin]', style: { 'curve-style': 'bezier' } },
      { selector: 'edge[polarity = "-"]', style: { 'line-style': 'dashed', 'line-color': '#d4351c', 'target-arrow-color': '#d4351c', color: '#d4351c' } },
      { selector: 'edge[polarity = "?"]', style: { 'line-style': 'dotted', 'line-color': '#505a5f', 'target-arrow-color': '#505a5f', color: '#505a5f' } },
      { selector: '.faded', style: { opacity: 0.3 } },
      { selector: 'node.in-loop', style: { 'border-width': 6, 'border-color': '#0b0c0c', 'border-style': 'solid', 'font-weight': 'bold' } },
      { selector: 'edge.in-loop', style: { width: 6 } },
      { selector: 'node.leverage', style: { 'border-width': 7, 'border-color': '#ffbf47', 'border-style': 'solid' } },
      { selector: 'edge.boundary', style: { width: 6, 'source-label': '⇄', 'source-text-offset': 30, 'font-size': 18 } },
      { selector: '.filtered', style: { display: 'none' } },
      { selector: 'node.up', style: { 'background-color': '#00703c', 'border-color': '#00703c', 'border-width': 4 } },
      { selector: 'node.down', style: { 'background-color': '#d4351c', 'border-color': '#d4351c', 'border-width': 4 } },
      { selector: 'node.unclear', style: { 'border-style': 'dotted', 'border-width': 4 } },
      { selector: 'edge.fired', style: { width: 7, 'line-color': '#ffbf47', 'target-arrow-color': '#ffbf47' } },
      { selector: '.ghost', style: { width: 1, height: 1, opacity: 0, events: 'no', label: '' } },
      { selector: 'edge.ghost-edge', style: { 'line-style': 'dashed', 'line-color': '#1d70b8', 'target-arrow-color': '#1d70b8', label: '', events: 'no' } },
      { selector: ':selected', style: { 'border-width': 4, 'border-color': '#ffdd00', 'line-color': '#ffdd00', 'target-arrow-color': '#ffdd00', 'underlay-color': '#0b0c0c', 'underlay-opacity': 0.25, 'underlay-padding': 6 } }
    ]
  }

  function byLabel (a, b) { return a.data('label').localeCompare(b.data('label')) }

  function fill (select, first, items) {
    var keep = select.value
    select.innerHTML = ''
    if (first !== null) select.appendChild(new Option(first, ''))
    items.forEach(function (item) { select.appendChild(new Option(item[1], item[0])) })
    select.value = keep
    if (select.selectedIndex < 0) select.selectedIndex = 0
  }

  function refreshChoices () {
    var nodes = cy.nodes(':not(.ghost)').sort(byLabel)
    var factors = nodes.map(function (n) { return [n.data('pk'), n.data('label')] })
    fill($('link-source'), 'Choose a factor', factors)
    fill($('link-target'), 'Choose a factor', factors)
    fill($('whatif-factor'), 'Choose a factor', factors)
    var items = nodes.map(function (n) { return [n.id(), 'Factor: ' + n.data('label')] })
    cy.edges(':not(.ghost-edge)').forEach(function (e) {
      items.push([e.id(), 'Link: ' + e.source().data('label') + ' to ' + e.target().data('label') + ' (' + e.data('sign') + ')'])
    })
    fill($('choose-element'), 'Choose one', items)
    $('choose-element').value = selected && !selected.removed() ? selected.id() : ''
  }

  function load () {
    return fetch(root.getAttribute('data-url'), { credentials: 'same-origin' }).then(function (r) { return r.json() }).then(function (data) {
      urls = data.urls
      revision = data.revision
      $('map-conflict').hidden = true
      var elements = data.factors.map(factorElement).concat(twinned(data.links))
      if (cy) { cy.elements().remove(); cy.add(elements) } else {
        // Positions come from the server (stored, or its seeded layout), so no layout runs here. A big map pans
        // and zooms as a picture of itself (textureOnViewport) rather than redrawing every link each frame.
        var big = elements.length > BIG_MAP
        cy = window.cytoscape({ container: canvas, elements: elements, style: style(big), layout: { name: 'preset', fit: false, animate: false }, textureOnViewport: big, wheelSensitivity: 0.3, boxSelectionEnabled: false, maxZoom: 3, minZoom: 0.05 })
        window.joinedupMapEditor = { cy: cy } // for the browser tests and the benchmark
        cy.one('render', function () { window.joinedupMapEditor.firstRender = performance.now() })
        if (!big) cy.on('zoom', readableLabels)
        bind()
      }
      fit()
      readableLabels()
      select(null)
      // The lists beside the drawing (on a big map, thousands of options) are filled after the map is first
      // drawn, so the drawing does not wait for them.
      return new Promise(function (resolve) {
        window.requestAnimationFrame(function () {
          setTimeout(function () {
            refreshChoices()
            applyFilters()
            say(data.factors.length + ' factors and ' + data.links.length + ' links.')
            loadAnalysis()
            resolve()
          }, 0)
        })
      })
    })
  }

  // A small map's labels stay at least 12 screen pixels high however far it is zoomed out (on a phone the whole
  // map fits at about half size): the label grows in the drawing's units as the zoom shrinks.
  var labelFrame = null
  function readableLabels () {
    if (labelFrame || cy.elements().length > BIG_MAP) return
    labelFrame = window.requestAnimationFrame(function () {
      labelFrame = null
      var z = cy.zoom()
      cy.batch(function () {
        cy.nodes(':not(.ghost)').style({ 'font-size': Math.max(14, 12 / z), 'text-max-width': Math.max(150, 110 / z) })
        cy.edges(':not(.ghost-edge)').style({ 'font-size': Math.max(16, 13 / z) })
      })
    })
  }

  function fit () {
    cy.fit(undefined, 40)
    if (cy.zoom() > 1) { cy.zoom(1); cy.center() }
  }

  // --- the analysis, lit up on the map -----------------------------------------------------------------

  var analysisTimer = null
  var analysisAsked = 0 // only the newest request's answer is shown: an older one can arrive last
  function loadAnalysis () {
    clearTimeout(analysisTimer)
    analysisTimer = setTimeout(function () {
      var asked = ++analysisAsked
      inTurn(function () { return fetch(urls.analysis, { credentials: 'same-origin' }) }).then(function (r) { return r.json() }).then(function (data) {
        if (asked !== analysisAsked) return
        analysis = data.ready ? data : null
        var choice = $('loop-choice')
        var keep = choice.value
        fill(choice, 'None', analysis ? analysis.loops.map(function (lp, i) { return [String(i), lp.name + ' ' + lp.type + ': ' + lp.story] }) : [])
        if (keep && choice.querySelector('option[value="' + keep + '"]')) choice.value = keep
        var summary = analysis ? analysis.summary : 'The analysis of this big map is not ready yet; the map’s page shows its progress.'
        if (analysis && analysis.loop_count > analysis.loops.length) summary += ' The first ' + analysis.loops.length + ' are listed here.'
        if (analysis && analysis.self_links_note) summary += ' ' + analysis.self_links_note + '.'
        $('loop-summary').textContent = summary
        showLoop()
        showMarks()
      })
    }, 300)
  }

  function showLoop () {
    cy.elements().removeClass('in-loop faded')
    var story = $('loop-story')
    var value = $('loop-choice').value
    if (!analysis || value === '') { story.hidden = true; return }
    var loop = analysis.loops[Number(value)]
    var ids = loop.factors.map(function (pk) { return 'f' + pk })
    var members = cy.collection()
    ids.forEach(function (id, i) {
      var node = cy.getElementById(id)
      var next = cy.getElementById(ids[(i + 1) % ids.length])
      members = members.union(node).union(node.edgesTo(next))
    })
    cy.elements().not(members).addClass('faded')
    members.addClass('in-loop')
    story.hidden = false
    story.textContent = loop.name + ' (' + loop.type_words + '): ' + loop.story + '.'
  }

  function showMarks () {
    cy.nodes().removeClass('leverage')
    cy.edges().removeClass('boundary')
    if (!analysis) return
    if ($('show-leverage').checked) analysis.leverage.forEach(function (item) { cy.getElementById('f' + item.factor).addClass('leverage') })
    if ($('show-boundary').checked) {
      analysis.boundary.forEach(function (pair) { cy.getElementById('f' + pair[0]).edgesTo(cy.getElementById('f' + pair[1])).addClass('boundary') })
    }
  }

  function checkedValues (fieldset) {
    var values = {}
    Array.prototype.forEach.call($(fieldset).querySelectorAll('input:checked'), function (input) { values[input.value] = true })
    return values
  }

  function applyFilters () {
    var owners = checkedValues('owner-filter')
    var from = checkedValues('provenance-filter')
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var show = owners[n.data('owner')] && from[n.data('perspective')]
        n.toggleClass('filtered', !show)
      })
    })
    var hidden = cy.nodes('.filtered').length
    if (hidden) say(hidden + ' factor' + (hidden === 1 ? ' is' : 's are') + ' hidden by the filters, with their links.')
  }

  // --- choosing and changing -----------------------------------------------------------------------------

  function bind () {
    cy.on('dragfree', 'node', function (event) {
      var node = event.target
      var p = node.position()
      send(urls.factors + node.data('pk') + '/', { x: p.x, y: p.y }).catch(failed)
    })
    cy.on('tap', 'node', function (event) { if (!linking) select(event.target) })
    cy.on('tap', 'edge', function (event) { select(event.target) })
    cy.on('tap', function (event) { if (event.target === cy) select(null) })
    cy.on('dbltap', 'node', function (event) { renameInPlace(event.target) })
    // Drawing a link: press on a factor, drag, let go on another.
    cy.on('tapstart', 'node', function (event) {
      if (!linking || event.target.hasClass('ghost')) return
      dragFrom = event.target
      var p = event.position
      cy.add([{ group: 'nodes', data: { id: 'ghost', label: '' }, classes: 'ghost', position: { x: p.x, y: p.y } },
        { group: 'edges', data: { id: 'ghost-edge', source: dragFrom.id(), target: 'ghost' }, classes: 'ghost-edge' }])
    })
    cy.on('tapdrag', function (event) {
      if (dragFrom) cy.getElementById('ghost').position(event.position)
    })
    cy.on('tapend', function (event) {
      if (!dragFrom) return
      var from = dragFrom
      dragFrom = null
      cy.remove('#ghost, #ghost-edge')
      var p = event.position
      var to = cy.nodes(':visible').filter(function (n) {
        var b = n.boundingBox({ includeLabels: false })
        return p.x >= b.x1 - 6 && p.x <= b.x2 + 6 && p.y >= b.y1 - 6 && p.y <= b.y2 + 6
      })[0]
      if (!to || to.id() === from.id()) { say('To draw a link, let go on a different factor.'); return }
      addLink(from.data('pk'), to.data('pk'), drawPolarity(), $('draw-delay').checked)
    })
  }

  function drawPolarity () { return document.querySelector('input[name=draw-polarity]:checked').value }

  function select (element) {
    if (selected && !selected.removed()) selected.unselect()
    selected = element
    if (element) element.select()
    var form = $('selected-form')
    form.hidden = !element
    $('choose-element').value = element ? element.id() : ''
    if (!element) return
    var isNode = element.isNode()
    Array.prototype.forEach.call(form.querySelectorAll('[data-for]'), function (group) {
      group.hidden = group.getAttribute('data-for') !== (isNode ? 'factor' : 'link')
    })
    if (isNode) {
      $('selected-heading').textContent = 'Selected factor: ' + element.data('label')
      $('selected-label').value = element.data('label')
      $('selected-owner').value = element.data('owner') || ''
    } else {
      $('selected-heading').textContent = 'Selected link: ' + element.source().data('label') + ' to ' + element.target().data('label')
      $('selected-polarity').value = element.data('polarity')
      $('selected-delay').checked = !!element.data('delay')
    }
  }

  function renameInPlace (node) {
    select(node)
    var input = document.createElement('input')
    input.className = 'govuk-input ju-map-rename'
    input.type = 'text'
    input.maxLength = 200
    input.value = node.data('label')
    input.setAttribute('aria-label', 'New name for ' + node.data('label'))
    var p = node.renderedPosition()
    input.style.left = Math.max(0, p.x - 100) + 'px'
    input.style.top = (p.y + 18) + 'px'
    canvas.appendChild(input)
    input.focus()
    input.select()
    var done = false
    function finish (save) {
      if (done) return
      done = true
      var value = input.value.trim()
      input.remove()
      if (save && value && value !== node.data('label')) saveFactor(node, { label: value })
    }
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') { event.preventDefault(); finish(true) }
      if (event.key === 'Escape') { event.preventDefault(); finish(false) }
    })
    input.addEventListener('blur', function () { finish(true) })
  }

  function saveFactor (node, body) {
    return send(urls.factors + node.data('pk') + '/', body).then(function (f) {
      node.data({ label: f.label, owner: f.owner || '', colour: OWNER_COLOURS[f.owner || ''] })
      if (selected === node) select(node)
      changed()
      say('Saved “' + f.label + '”.')
    }).catch(failed)
  }

  // New factors go round a spiral from the middle of the view, so they do not land on one another.
  function freeSpot () {
    var extent = cy.extent()
    var n = cy.nodes().length
    var angle = n * 2.4
    var radius = 110 * Math.sqrt(n)
    return { x: (extent.x1 + extent.x2) / 2 + radius * Math.cos(angle), y: (extent.y1 + extent.y2) / 2 + radius * Math.sin(angle) }
  }

  function addLink (source, target, polarity, delay) {
    return send(urls.links, { source: Number(source), target: Number(target), polarity: polarity, delay: !!delay }).then(function (link) {
      var back = cy.edges('[source = "f' + link.target + '"][target = "f' + link.source + '"]')
      back.data('twin', true)
      cy.add(linkElement(link, back.length > 0))
      readableLabels()
      changed()
      say('Linked ' + label(link.source) + ' to ' + label(link.target) + ' (' + SIGNS[link.polarity] + (link.delay ? ', slow' : '') + '). Saved.')
    }).catch(failed)
  }

  function removeSelected () {
    if (!selected) return
    var element = selected
    var url = (element.isNode() ? urls.factors : urls.links) + element.data('pk') + '/delete/'
    send(url).then(function () {
      cy.remove(element)
      select(null)
      changed()
      say('Removed. Undo brings it back.')
    }).catch(failed)
  }

  function undoOrRedo (which) {
    send(urls[which]).then(function (data) {
      return load().then(function () { say((which === 'undo' ? 'Undone: ' + data.undone : 'Redone: ' + data.redone) + '.') })
    }).catch(failed)
  }

  $('choose-element').addEventListener('change', function () {
    select(this.value ? cy.getElementById(this.value) : null)
  })

  $('factor-form').addEventListener('submit', function (event) {
    event.preventDefault()
    var input = $('factor-label')
    var spot = freeSpot()
    send(urls.factors, { label: input.value, owner: $('factor-owner').value, x: spot.x, y: spot.y }).then(function (factor) {
      cy.add(factorElement(factor))
      readableLabels()
      applyFilters()
      changed()
      input.value = ''
      input.focus()
      say('Added “' + factor.label + '”. Saved.')
    }).catch(failed)
  })

  $('link-form').addEventListener('submit', function (event) {
    event.preventDefault()
    addLink($('link-source').value, $('link-target').value, $('link-polarity').value, $('link-delay').checked)
  })

  $('draw-link').addEventListener('click', function () {
    linking = !linking
    this.setAttribute('aria-pressed', String(linking))
    cy.autoungrabify(linking)
    say(linking ? 'Drawing links: drag from one factor to another. Press the button again to move factors instead.' : 'Dragging moves factors again.')
  })

  $('selected-form').addEventListener('submit', function (event) {
    event.preventDefault()
    if (!selected) return
    var element = selected
    if (element.isNode()) {
      saveFactor(element, { label: $('selected-label').value, owner: $('selected-owner').value })
    } else {
      send(urls.links + element.data('pk') + '/', { polarity: $('selected-polarity').value, delay: $('selected-delay').checked }).then(function (l) {
        element.data({ polarity: l.polarity, delay: l.delay ? 1 : 0, sign: SIGNS[l.polarity] + (l.delay ? ' ‖' : '') })
        changed()
        say('Saved the link.')
      }).catch(failed)
    }
  })

  $('link-from').addEventListener('click', function () {
    if (!selected || !selected.isNode()) return
    $('link-source').value = String(selected.data('pk'))
    $('link-target').focus()
    say('Linking from “' + selected.data('label') + '”: choose the factor it affects, then “Add the link”.')
  })

  $('selected-remove').addEventListener('click', removeSelected)
  $('undo-last').addEventListener('click', function () { undoOrRedo('undo') })
  $('redo-last').addEventListener('click', function () { undoOrRedo('redo') })
  $('map-reload').addEventListener('click', function () { load().then(function () { say('Reloaded: you see the latest map.') }) })
  $('zoom-in').addEventListener('click', function () { cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } }) })
  $('zoom-out').addEventListener('click', function () { cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } }) })
  $('zoom-fit').addEventListener('click', fit)
  // The server lays the map out as its picture does (Kamada–Kawai for a small map: links of even length,
  // few crossings) and keeps the positions, so everyone sees the same tidy map.
  $('tidy-layout').addEventListener('click', function () {
    send(urls.tidy).then(function (data) {
      cy.batch(function () {
        Object.keys(data.positions).forEach(function (pk) { cy.getElementById('f' + pk).position(data.positions[pk]) })
      })
      fit()
      say('Tidied and saved the layout.')
    }).catch(failed)
  })

  $('loop-choice').addEventListener('change', showLoop)
  $('show-leverage').addEventListener('change', showMarks)
  $('show-boundary').addEventListener('change', showMarks)
  $('owner-filter').addEventListener('change', applyFilters)
  $('provenance-filter').addEventListener('change', applyFilters)

  document.addEventListener('keydown', function (event) {
    var tag = (event.target.tagName || '').toLowerCase()
    if (tag === 'input' || tag === 'select' || tag === 'textarea') return
    var key = event.key.toLowerCase()
    if ((event.ctrlKey || event.metaKey) && key === 'z') { event.preventDefault(); undoOrRedo(event.shiftKey ? 'redo' : 'undo') } else if ((event.ctrlKey || event.metaKey) && key === 'y') { event.preventDefault(); undoOrRedo('redo') } else if ((key === 'delete' || key === 'backspace') && selected && tag !== 'button') { event.preventDefault(); removeSelected() } else if (key === 'f2' && selected && selected.isNode()) { event.preventDefault(); renameInPlace(selected) }
  })

  // --- what if: a nudge, animated step by step ------------------------------------------------------------

  var direction = 'up'
  ;['whatif-up', 'whatif-down'].forEach(function (id) {
    $(id).addEventListener('click', function () { direction = this.getAttribute('data-direction') })
  })

  function clearWhatIf () {
    if (playing) clearInterval(playing)
    playing = null
    cy.elements().removeClass('up down unclear fired')
  }

  function describe (result, pks) {
    var last = result.steps[result.steps.length - 1].levels
    var up = []
    var down = []
    pks.forEach(function (pk, i) {
      if (last[i] > 0.005) up.push(label(pk))
      if (last[i] < -0.005) down.push(label(pk))
    })
    var box = $('whatif-result')
    box.innerHTML = ''
    var lines = [['Goes up', up], ['Goes down', down], ['Unclear (reached through a link marked ?)', result.unclear.map(label)]]
    var list = document.createElement('ul')
    list.className = 'govuk-list'
    lines.forEach(function (line) {
      var item = document.createElement('li')
      item.textContent = line[0] + ': ' + (line[1].length ? line[1].join(', ') : 'none')
      list.appendChild(item)
    })
    var note = document.createElement('p')
    note.className = 'govuk-body-s'
    note.textContent = result.caveat + (result.note ? ' (' + result.note + ')' : '')
    box.appendChild(list)
    box.appendChild(note)
  }

  function paint (result, index) {
    var step = result.steps[index]
    cy.batch(function () {
      cy.elements().removeClass('up down fired')
      result.factors.forEach(function (pk, i) {
        var level = step.levels[i]
        if (level > 0.005) cy.getElementById('f' + pk).addClass('up')
        if (level < -0.005) cy.getElementById('f' + pk).addClass('down')
      })
      step.fired.forEach(function (fired) { cy.getElementById('l' + fired[0]).addClass('fired') })
    })
  }

  $('whatif-form').addEventListener('submit', function (event) {
    event.preventDefault()
    var factor = $('whatif-factor').value
    if (!factor) { say('Choose a factor to nudge.'); return }
    clearWhatIf()
    send(urls.simulate, { factor: Number(factor), direction: direction }).then(function (result) {
      result.unclear.forEach(function (pk) { cy.getElementById('f' + pk).addClass('unclear') })
      describe(result, result.factors)
      if (reduceMotion) { paint(result, result.steps.length - 1); return }
      var i = 0
      playing = setInterval(function () {
        paint(result, i)
        i += 1
        if (i >= result.steps.length) { clearInterval(playing); playing = null; paint(result, result.steps.length - 1); cy.edges().removeClass('fired') }
      }, 350)
    }).catch(failed)
  })
  $('whatif-clear').addEventListener('click', function () { clearWhatIf(); $('whatif-result').innerHTML = '' })

  load().catch(function () { say('The map could not be loaded. Refresh the page to try again.') })
})()
