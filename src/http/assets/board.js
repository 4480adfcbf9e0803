// The live notice board: signs in (session cookie), opens the board's
// websocket, shows posts as they come, reconnects by itself and resumes
// from the last position it saw, so nothing is missed or shown twice.
"use strict";

(function () {
  var KINDS = {
    capacity: "Volná kapacita",
    event: "Akce",
    project: "Projekt",
    news: "Novinka",
    meeting_outcome: "Výstup platformy",
    place_wanted: "Hledá se místo"
  };
  var position = Number(sessionStorage.getItem("uzel.board.position") || 0) || null;
  var socket = null;
  var retry = 500;
  var posts = new Map();
  var pending = new Map();
  var counter = 0;

  function $(id) { return document.getElementById(id); }

  function status(text) { $("stav").textContent = text; }

  function remember(p) {
    if (typeof p === "number" && p > (position || 0)) {
      position = p;
      sessionStorage.setItem("uzel.board.position", String(p));
    }
  }

  function when(text) {
    if (!text) { return ""; }
    var d = new Date(text);
    return d.toLocaleString("cs-CZ", { day: "numeric", month: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit" });
  }

  function element(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function render(frame) {
    var list = $("prispevky");
    var id = frame.op === "offer" && frame.offer ? frame.offer.id : frame.post;
    var old = posts.get(frame.post);
    if (frame.op === "withdrawn" || frame.op === "resolved") {
      if (old) { old.remove(); posts.delete(frame.post); }
      return;
    }
    if (frame.kind === "capacity") {
      var slot = "cap:" + frame.actor + "/" + (frame.capacity ? frame.capacity.unit : "");
      var prev = posts.get(slot);
      if (prev) { prev.remove(); }
      id = slot;
    }
    var item = element("li", "prispevek druh-" + frame.kind);
    item.dataset.position = String(frame.position);
    item.dataset.kind = frame.kind;
    item.appendChild(element("span", "druh", KINDS[frame.kind] || frame.kind));
    item.appendChild(element("strong", "titulek", frame.title));
    var who = [frame.actor_name, frame.platform_name, frame.network].filter(Boolean).join(" · ");
    item.appendChild(element("span", "who", " " + who + " · " + when(frame.at)));
    if (frame.text) { item.appendChild(element("p", "text", frame.text)); }
    if (frame.event) {
      item.appendChild(element("p", "akce", "Kdy: " + when(frame.event.starts_at) + (frame.event.place ? " · Kde: " + frame.event.place : "")));
    }
    if (frame.offer) {
      item.appendChild(element("p", "nabidka", "Nabídka od " + frame.offer.actor_name + ": " + frame.offer.text));
    }
    if (frame.valid_until) { item.appendChild(element("p", "who", "Platí do " + when(frame.valid_until))); }
    if (frame.op === "published" || !posts.has(id)) {
      posts.set(id, item);
      list.insertBefore(item, list.firstChild);
    } else {
      posts.get(id).appendChild(item);
    }
    $("prazdno").hidden = posts.size > 0;
  }

  function subscribe() {
    var message = { type: "subscribe", kinds: [] };
    var kind = $("filtr-druh").value;
    if (kind) { message.kinds.push(kind); }
    if (position !== null) { message.from = position; }
    socket.send(JSON.stringify(message));
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/api/v1/board/ws", "uzel.board.v1.json");
    socket.onopen = function () { retry = 500; status("Připojeno, načítám…"); subscribe(); };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === "post") { render(frame); remember(frame.position); }
      else if (frame.type === "live") { remember(frame.position); status("Připojeno – živě"); document.body.dataset.live = "1"; }
      else if (frame.type === "ack" || frame.type === "error") { answered(frame); }
    };
    socket.onclose = function (event) {
      document.body.dataset.live = "";
      if (event.code === 1008) { status("Přihlášení vypršelo, přihlaste se znovu."); showLogin(); return; }
      status("Odpojeno (" + event.code + "), znovu se připojuji…");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  function answered(frame) {
    var out = $("kapacita-vysledek");
    if (!pending.has(frame.ref)) { return; }
    pending.delete(frame.ref);
    if (frame.type === "ack") { out.textContent = "Oznámeno (pozice " + frame.position + ")."; out.className = "ok"; }
    else { out.textContent = "Nelze uložit: " + frame.problem.detail; out.className = "chyba"; }
  }

  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw r; }
      return r.json();
    });
  }

  function actors(me) {
    var mine = me.grants.filter(function (g) { return g.role === "actor"; });
    if (mine.length === 0) { return; }
    $("kapacita").hidden = false;
    var select = $("kapacita-akter");
    var units = $("kapacita-jednotka");
    var known = {};
    mine.forEach(function (g) {
      json("/api/v1/networks/" + g.network + "/actors/" + g.actor).then(function (view) {
        var option = element("option", null, view.fields.name || g.actor);
        option.value = g.network + "/" + g.actor;
        select.appendChild(option);
        known[option.value] = (view.capacity || []).map(function (c) { return c.unit; });
        fillUnits();
      });
    });
    function fillUnits() {
      units.textContent = "";
      (known[select.value] || []).forEach(function (u) { var o = element("option", null, u); o.value = u; units.appendChild(o); });
    }
    select.addEventListener("change", fillUnits);
    $("kapacita-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var parts = select.value.split("/");
      var ref = "k" + (++counter);
      pending.set(ref, true);
      socket.send(JSON.stringify({
        type: "capacity", ref: ref, network: parts[0], actor: parts[1],
        capacity: { unit: units.value, free: Number($("kapacita-volno").value), note: $("kapacita-poznamka").value }
      }));
    });
  }

  function start(me) {
    $("prihlaseni").hidden = true;
    $("nastenka").hidden = false;
    status("Přihlášen(a): " + (me.display_name || me.username));
    actors(me);
    connect();
  }

  function showLogin() {
    $("prihlaseni").hidden = false;
    $("nastenka").hidden = true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    $("filtr-druh").addEventListener("change", function () {
      posts.forEach(function (item) { item.remove(); });
      posts.clear();
      position = null;
      sessionStorage.removeItem("uzel.board.position");
      if (socket && socket.readyState === WebSocket.OPEN) { subscribe(); }
    });
    $("prihlaseni-form").addEventListener("submit", function (event) {
      event.preventDefault();
      fetch("/api/v1/auth/login", {
        method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: $("jmeno").value, password: $("heslo").value })
      }).then(function (r) {
        if (!r.ok) { return r.json().then(function (p) { throw p; }); }
        return r.json();
      }).then(start).catch(function (p) {
        $("prihlaseni-chyba").textContent = "Přihlášení se nezdařilo: " + (p.detail || "zkuste to znovu");
      });
    });
    json("/api/v1/auth/me").then(start).catch(function () { status("Nepřihlášen(a)."); showLogin(); });
  });
})();
