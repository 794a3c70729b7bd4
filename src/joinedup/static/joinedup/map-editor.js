// The drawing editor for a system map. Every change is sent at once to the map's small JSON endpoints;
// the forms beside the drawing do everything without dragging (WCAG 2.5.7), and the map's own page does
// it all without JavaScript.
(function () {
  'use strict'
  var root = document.getElementById('map-editor')
  if (!root || typeof window.cytoscape !== 'function') return
  root.hidden = false
  Array.prototype.forEach.call(document.querySelectorAll('.ju-no-js-only'), function (el) { el.hidden = true })

  var OWNER_COLOURS = { central: '#1d70b8', local: '#00703c', community: '#a0470d', other: '#4c2c92', '': '#505a5f' }
  var csrf = root.querySelector('input[name=csrfmiddlewaretoken]').value
  var status = document.getElementById('map-status')
  var canvas = document.getElementById('map-canvas')
  // Cytoscape adds an inline <style> giving its container position: relative, which our CSP blocks. It skips
  // that when an element with its stylesheet id exists, so we mark it as present and set the rule here.
  if (!document.getElementById('__________cytoscape_stylesheet')) {
    var marker = document.createElement('meta')
    marker.id = '__________cytoscape_stylesheet'
    document.head.appendChild(marker)
  }
  canvas.style.position = 'relative'
  canvas.style.height = '70vh'
  canvas.style.minHeight = '420px'
  canvas.style.border = '1px solid #b1b4b6'
  var urls = {}
  var cy = null
  var selected = null
  var drawing = null // null, or [] while choosing the two ends of a new link

  function say (text) { status.textContent = text }

  function send (url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          var errors = data.errors || {}
          throw new Error(Object.keys(errors).map(function (k) { return (k === '__all__' ? '' : k + ': ') + errors[k] }).join('; ') || 'It was not saved')
        }
        return data
      })
    })
  }

  function failed (error) { say('Not saved: ' + error.message) }

  function factorElement (f) {
    return { group: 'nodes', data: { id: 'f' + f.id, pk: f.id, label: f.label, owner: f.owner, colour: OWNER_COLOURS[f.owner || ''], ground: f.ground ? 1 : 0 }, position: { x: f.x, y: f.y } }
  }

  function linkElement (l, twin) {
    return { group: 'edges', data: { id: 'l' + l.id, pk: l.id, source: 'f' + l.source, target: 'f' + l.target, polarity: l.polarity, sign: l.polarity === '-' ? '−' : '+', twin: twin } }
  }

  // Links that have one going the other way between the same two factors.
  function twinned (links) {
    var ends = {}
    links.forEach(function (l) { ends[l.source + '>' + l.target] = true })
    return links.map(function (l) { return linkElement(l, !!ends[l.target + '>' + l.source]) })
  }

  // Labels too small to read when zoomed out (under 10 screen pixels) are not drawn: on a 300-factor,
  // 1,500-link map fitted to the screen that is every label, and drawing them was a third of the first render
  // (docs/benchmarks/systems.md). Zooming in shows them; the forms and tables always name everything.
  var MIN_LABEL_PX = 10
  var BIG_MAP = 400 // factors and links together

  function style () {
    return [
      { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', width: 28, height: 28, 'text-valign': 'bottom', 'text-margin-y': 6, 'font-size': 14, 'min-zoomed-font-size': MIN_LABEL_PX, color: '#0b0c0c', 'border-width': 1, 'border-color': '#0b0c0c', 'text-wrap': 'wrap', 'text-max-width': 140 } },
      // Frontline and service-user contributions get a double ring, as the tables mark them with a tag.
      { selector: 'node[ground = 1]', style: { 'border-width': 5, 'border-style': 'double' } },
      { selector: 'edge', style: { width: 2, 'curve-style': 'straight', 'target-arrow-shape': 'triangle', 'line-color': '#0b0c0c', 'target-arrow-color': '#0b0c0c', label: 'data(sign)', 'font-size': 16, 'min-zoomed-font-size': MIN_LABEL_PX, 'font-weight': 'bold', 'text-background-color': '#ffffff', 'text-background-opacity': 1 } },
      // Straight lines draw much faster than curves; only a link with one the other way between the same two
      // factors is curved, so the pair do not lie on top of each other.
      { selector: 'edge[?twin]', style: { 'curve-style': 'bezier' } },
      { selector: 'edge[polarity = "-"]', style: { 'line-style': 'dashed', 'line-color': '#d4351c', 'target-arrow-color': '#d4351c', color: '#d4351c' } },
      { selector: ':selected', style: { 'border-width': 4, 'border-color': '#ffdd00', 'line-color': '#ffdd00', 'target-arrow-color': '#ffdd00' } }
    ]
  }

  function refreshChoices () {
    var nodes = cy.nodes().sort(function (a, b) { return a.data('label').localeCompare(b.data('label')) })
    ;['link-source', 'link-target'].forEach(function (id) {
      var select = document.getElementById(id)
      var keep = select.value
      select.innerHTML = ''
      select.appendChild(new Option('Choose a factor', ''))
      nodes.forEach(function (n) { select.appendChild(new Option(n.data('label'), n.data('pk'))) })
      select.value = keep
    })
    // The keyboard's way to pick what to change, as a tap on the drawing does.
    var chooser = document.getElementById('choose-element')
    var chosen = selected && !selected.removed() ? selected.id() : ''
    chooser.innerHTML = ''
    chooser.appendChild(new Option('Choose one', ''))
    nodes.forEach(function (n) { chooser.appendChild(new Option('Factor: ' + n.data('label'), n.id())) })
    cy.edges().forEach(function (e) {
      chooser.appendChild(new Option('Link: ' + e.source().data('label') + ' to ' + e.target().data('label') + ' (' + e.data('sign') + ')', e.id()))
    })
    chooser.value = chosen
  }

  function load () {
    return fetch(root.getAttribute('data-url'), { credentials: 'same-origin' }).then(function (r) { return r.json() }).then(function (data) {
      urls = data.urls
      var elements = data.factors.map(factorElement).concat(twinned(data.links))
      if (cy) { cy.elements().remove(); cy.add(elements) } else {
        // Positions come from the server (stored, or its seeded layout), so no layout runs here. A big map pans
        // and zooms as a picture of itself (textureOnViewport) rather than redrawing every link each frame.
        cy = window.cytoscape({ container: canvas, elements: elements, style: style(), layout: { name: 'preset', fit: false, animate: false }, textureOnViewport: elements.length > BIG_MAP, wheelSensitivity: 0.3, boxSelectionEnabled: false, maxZoom: 3, minZoom: 0.1 })
        bind()
      }
      cy.fit(undefined, 40)
      if (cy.zoom() > 1) { cy.zoom(1); cy.center() }
      refreshChoices()
      say(data.factors.length + ' factors and ' + data.links.length + ' links.')
    })
  }

  function bind () {
    cy.on('dragfree', 'node', function (event) {
      var node = event.target
      var p = node.position()
      send(urls.factors + node.data('pk') + '/', { x: p.x, y: p.y }).catch(failed)
    })
    cy.on('tap', 'node', function (event) {
      if (drawing) { chooseEnd(event.target); return }
      select(event.target)
    })
    cy.on('tap', 'edge', function (event) { select(event.target) })
    cy.on('tap', function (event) { if (event.target === cy) select(null) })
  }

  function select (element) {
    selected = element
    var form = document.getElementById('selected-form')
    form.hidden = !element
    if (!element) return
    var isNode = element.isNode()
    Array.prototype.forEach.call(form.querySelectorAll('[data-for]'), function (group) {
      group.hidden = group.getAttribute('data-for') !== (isNode ? 'factor' : 'link')
    })
    if (isNode) {
      document.getElementById('selected-heading').textContent = 'Selected factor: ' + element.data('label')
      document.getElementById('selected-label').value = element.data('label')
      document.getElementById('selected-owner').value = element.data('owner') || ''
    } else {
      document.getElementById('selected-heading').textContent = 'Selected link: ' + element.source().data('label') + ' to ' + element.target().data('label')
      document.getElementById('selected-polarity').value = element.data('polarity')
    }
  }

  function chooseEnd (node) {
    drawing.push(node)
    if (drawing.length === 1) { say('Now select the factor that “' + node.data('label') + '” affects.'); return }
    var ends = drawing
    stopDrawing()
    addLink(ends[0].data('pk'), ends[1].data('pk'), document.getElementById('link-polarity').value)
  }

  // New factors go round a spiral from the middle of the view, so they do not land on one another.
  function freeSpot () {
    var extent = cy.extent()
    var n = cy.nodes().length
    var angle = n * 2.4
    var radius = 130 * Math.sqrt(n)
    return { x: (extent.x1 + extent.x2) / 2 + radius * Math.cos(angle), y: (extent.y1 + extent.y2) / 2 + radius * Math.sin(angle) }
  }

  function stopDrawing () {
    drawing = null
    document.getElementById('draw-link').setAttribute('aria-pressed', 'false')
  }

  function addLink (source, target, polarity) {
    send(urls.links, { source: Number(source), target: Number(target), polarity: polarity }).then(function (link) {
      var back = cy.edges('[source = "f' + link.target + '"][target = "f' + link.source + '"]')
      back.data('twin', true)
      cy.add(linkElement(link, back.length > 0))
      refreshChoices()
      say('Linked ' + cy.$id('f' + link.source).data('label') + ' to ' + cy.$id('f' + link.target).data('label') + ' (' + (link.polarity === '-' ? '−' : '+') + '). Saved.')
    }).catch(failed)
  }

  document.getElementById('choose-element').addEventListener('change', function () {
    var element = this.value ? cy.getElementById(this.value) : null
    cy.elements().unselect()
    if (element) element.select()
    select(element)
  })

  document.getElementById('factor-form').addEventListener('submit', function (event) {
    event.preventDefault()
    var label = document.getElementById('factor-label')
    var spot = freeSpot()
    var body = { label: label.value, owner: document.getElementById('factor-owner').value, x: spot.x, y: spot.y }
    send(urls.factors, body).then(function (factor) {
      cy.add(factorElement(factor))
      refreshChoices()
      label.value = ''
      say('Added “' + factor.label + '”. Saved.')
    }).catch(failed)
  })

  document.getElementById('link-form').addEventListener('submit', function (event) {
    event.preventDefault()
    addLink(document.getElementById('link-source').value, document.getElementById('link-target').value, document.getElementById('link-polarity').value)
  })

  document.getElementById('draw-link').addEventListener('click', function () {
    if (drawing) { stopDrawing(); say('Stopped drawing a link.'); return }
    drawing = []
    this.setAttribute('aria-pressed', 'true')
    say('Select the factor the link starts from.')
  })

  document.getElementById('selected-form').addEventListener('submit', function (event) {
    event.preventDefault()
    if (!selected) return
    var element = selected
    if (element.isNode()) {
      var body = { label: document.getElementById('selected-label').value, owner: document.getElementById('selected-owner').value }
      send(urls.factors + element.data('pk') + '/', body).then(function (f) {
        element.data({ label: f.label, owner: f.owner, colour: OWNER_COLOURS[f.owner || ''] })
        refreshChoices()
        say('Saved “' + f.label + '”.')
      }).catch(failed)
    } else {
      send(urls.links + element.data('pk') + '/', { polarity: document.getElementById('selected-polarity').value }).then(function (l) {
        element.data({ polarity: l.polarity, sign: l.polarity === '-' ? '−' : '+' })
        refreshChoices()
        say('Saved the link.')
      }).catch(failed)
    }
  })

  document.getElementById('selected-remove').addEventListener('click', function () {
    if (!selected) return
    var element = selected
    var url = (element.isNode() ? urls.factors : urls.links) + element.data('pk') + '/delete/'
    send(url).then(function () {
      cy.remove(element)
      select(null)
      refreshChoices()
      say('Removed. You can undo this.')
    }).catch(failed)
  })

  document.getElementById('undo-last').addEventListener('click', function () {
    send(urls.undo).then(function (data) {
      return load().then(function () { say('Undone: ' + data.undone + '.') })
    }).catch(failed)
  })

  load().catch(function () { say('The map could not be loaded. Refresh the page to try again.') })
})()
