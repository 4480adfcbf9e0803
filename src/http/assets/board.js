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
  // Capacity units in Czech: the forms for 1, for 2–4 and for 5 and more.
  var UNITS = {
    bed: ["lůžko", "lůžka", "lůžek"],
    client: ["místo pro klienta", "místa pro klienty", "míst pro klienty"],
    contact: ["kontakt", "kontakty", "kontaktů"],
    intervention: ["intervence", "intervence", "intervencí"],
    hour: ["hodina", "hodiny", "hodin"],
    place: ["místo", "místa", "míst"]
  };
  // Free places, the adjective agreeing with the unit (as `src/czech.rs`).
  var FREE = {
    bed: ["volné lůžko", "volná lůžka", "volných lůžek"],
    client: ["volné místo pro klienta", "volná místa pro klienty", "volných míst pro klienty"],
    contact: ["volný kontakt", "volné kontakty", "volných kontaktů"],
    intervention: ["volná intervence", "volné intervence", "volných intervencí"],
    hour: ["volná hodina", "volné hodiny", "volných hodin"],
    place: ["volné místo", "volná místa", "volných míst"]
  };
  // What a problem's type means, in Czech (the detail the server sends is
  // for developers).
  var PROBLEMS = {
    "validation": "Údaje nejsou v pořádku",
    "unauthorized": "Špatné uživatelské jméno nebo heslo",
    "throttled": "Příliš mnoho neúspěšných pokusů; zkuste to za chvíli",
    "forbidden": "K tomu nemáte oprávnění",
    "not-found": "Záznam nebyl nalezen",
    "conflict": "Změna nejde se současným stavem dohromady",
    "version-conflict": "Mezitím to změnil někdo jiný; načtěte stránku znovu",
    "busy": "Server je zaneprázdněný; zkuste to za chvíli",
    "storage": "Server nemůže uložit data; zkuste to za chvíli",
    "csrf": "Platnost stránky vypršela; načtěte ji znovu"
  };
  var FIELDS = {
    unit: "jednotka", free: "volná místa", occupied: "obsazená místa", note: "poznámka",
    valid_until: "platnost", effective_at: "datum účinnosti", username: "uživatelské jméno", password: "heslo"
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

  function form(n) { n = Math.abs(n); return n === 1 ? 0 : (n >= 2 && n <= 4 ? 1 : 2); }

  function number(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0"); }

  function unitName(unit) { return (UNITS[unit] || [unit, unit, unit])[1]; }

  function day(text) {
    var d = new Date(text);
    return d.getDate() + ". " + (d.getMonth() + 1) + ". " + d.getFullYear();
  }

  // A problem answer as a Czech sentence: what it means, and for invalid
  // input which fields.
  function problemText(p) {
    var kind = String((p && p.type) || "").replace("/problems/", "");
    var text = PROBLEMS[kind] || "Akce se nezdařila";
    if (kind === "validation" && p.errors && p.errors.length) {
      text += ": " + p.errors.map(function (e) { return FIELDS[e.field] || e.field; }).join(", ");
    }
    return text + ".";
  }

  // An announcement is stale once its network's days have passed or its
  // validity ended: it is shown, marked, and never as free places.
  function stale(frame) {
    var c = frame.capacity;
    var now = Date.now();
    return c.stale || (c.stale_at && Date.parse(c.stale_at) <= now) ||
      (frame.valid_until && Date.parse(frame.valid_until) <= now);
  }

  function capacityTitle(frame) {
    var c = frame.capacity;
    if (stale(frame)) {
      return frame.actor_name + ": hlášení z " + day(c.announced_at || frame.at) + " už neplatí";
    }
    var phrase = FREE[c.unit];
    return frame.actor_name + ": " + number(c.free) + " " + (phrase ? phrase[form(c.free)] : "volných (" + c.unit + ")");
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
    if (frame.kind === "capacity" && frame.capacity) {
      var slot = "cap:" + frame.actor + "/" + frame.capacity.unit;
      var prev = posts.get(slot);
      // An announcement entered late does not replace one that held later.
      if (prev && prev.dataset.announced && frame.capacity.announced_at &&
          Date.parse(prev.dataset.announced) > Date.parse(frame.capacity.announced_at)) {
        return;
      }
      if (prev) { prev.remove(); posts.delete(slot); }
      id = slot;
    }
    if (frame.offer) {
      // An offer shows once, under its request: a later frame of the same
      // offer (shared, accepted) replaces it.
      var request = posts.get(frame.post);
      var shown = document.querySelector("[data-offer='" + frame.offer.id + "']");
      var line = element("p", "nabidka", "Nabídka od " + frame.offer.actor_name + ": " + frame.offer.text);
      line.dataset.offer = frame.offer.id;
      if (shown) { shown.replaceWith(line); return; }
      if (request) { request.appendChild(line); return; }
    }
    var item = element("li", "prispevek druh-" + frame.kind);
    item.dataset.position = String(frame.position);
    item.dataset.kind = frame.kind;
    item.appendChild(element("span", "druh", KINDS[frame.kind] || frame.kind));
    if (frame.kind === "capacity" && frame.capacity) {
      item.dataset.announced = frame.capacity.announced_at || frame.at;
      item.frame = frame;
      item.appendChild(element("strong", "titulek", capacityTitle(frame)));
      if (stale(frame)) { item.classList.add("zastarale"); }
    } else {
      item.appendChild(element("strong", "titulek", frame.title));
    }
    var who = [frame.actor_name, frame.platform_name, frame.network].filter(Boolean).join(" · ");
    item.appendChild(element("span", "who", " " + who + " · " + when(frame.at)));
    if (frame.text) { item.appendChild(element("p", "text", frame.text)); }
    if (frame.event) {
      item.appendChild(element("p", "akce", "Kdy: " + when(frame.event.starts_at) + (frame.event.place ? " · Kde: " + frame.event.place : "")));
    }
    if (frame.offer) {
      var own = element("p", "nabidka", "Nabídka od " + frame.offer.actor_name + ": " + frame.offer.text);
      own.dataset.offer = frame.offer.id;
      item.appendChild(own);
    }
    if (frame.valid_until) { item.appendChild(element("p", "who", "Platí do " + when(frame.valid_until))); }
    if (frame.kind === "capacity" && frame.capacity && frame.capacity.announced_at) {
      item.appendChild(element("p", "who", "Stav k " + when(frame.capacity.announced_at)));
    }
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
    else { out.textContent = "Nelze uložit: " + problemText(frame.problem); out.className = "chyba"; }
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
        // Units with a registered maximum only: announcing needs one.
        known[option.value] = (view.capacity || []).filter(function (c) { return c.max !== null && c.max !== undefined; });
        fillUnits();
      });
    });
    function fillUnits() {
      units.textContent = "";
      var mine = known[select.value] || [];
      mine.forEach(function (c) {
        var o = element("option", null, unitName(c.unit) + " (nejvýše " + number(c.max) + ")");
        o.value = c.unit;
        units.appendChild(o);
      });
      var none = select.value && mine.length === 0;
      $("kapacita-zadna").hidden = !none;
      $("kapacita-form").querySelector("button").disabled = none;
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

  // Announcements go stale as time passes: marked without a reload.
  setInterval(function () {
    posts.forEach(function (item) {
      if (item.frame && stale(item.frame) && !item.classList.contains("zastarale")) {
        item.classList.add("zastarale");
        item.querySelector(".titulek").textContent = capacityTitle(item.frame);
      }
    });
  }, 30000);

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
        $("prihlaseni-chyba").textContent = "Přihlášení se nezdařilo: " + problemText(p);
      });
    });
    json("/api/v1/auth/me").then(start).catch(function () { status("Nepřihlášen(a)."); showLogin(); });
  });
})();
