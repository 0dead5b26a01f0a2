// Client pages: one screen per item, answers kept on the tablet as they are given, a queue for
// responses that could not be sent, speech on every text, and a line to mark by tap, drag or keys.
(function () {
  "use strict";
  var OUTBOX = "survey-outbox", REJECTED = "survey-rejected", DRAFT = "survey-draft:";

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  if ("serviceWorker" in navigator && document.body.dataset.sw) {
    navigator.serviceWorker.register(document.body.dataset.sw).catch(function () {});
  }

  // --- Responses waiting to be sent: each keeps its uid, so a resend is stored once.
  // A send that gets no answer (a server gone in the middle of one) is given up after 20 s, so
  // that the answer stays in the outbox and is sent again, never waiting forever.
  var SEND_TIMEOUT_MS = 20000;
  function post(api, body) {
    var control = "AbortController" in window ? new AbortController() : null;
    var timer = control && setTimeout(function () { control.abort(); }, SEND_TIMEOUT_MS);
    return fetch(api, { method: "POST", headers: { "Content-Type": "application/json" },
                        body: JSON.stringify(body), credentials: "same-origin",
                        signal: control ? control.signal : undefined })
      .then(function (reply) { clearTimeout(timer); return reply; },
            function (error) { clearTimeout(timer); throw error; });
  }
  var flushing = false;
  function showOutbox() {
    var note = $("#outbox"), refused = $("#refused-note");
    if (note) note.hidden = load(OUTBOX, []).length === 0;
    if (refused) refused.hidden = load(REJECTED, []).length === 0;
  }
  // A refused answer is kept with the server's reason until staff resend or export it
  // (the tablet's queue page); it is never dropped unseen.
  function refuse(entry, reply) {
    return reply.json().catch(function () { return {}; }).then(function (problem) {
      var rejected = load(REJECTED, []);
      rejected.push({ api: entry.api, body: entry.body, status: reply.status,
                      code: problem.code || "server", error: problem.error || "",
                      at: new Date().toISOString() });
      save(REJECTED, rejected);
    });
  }
  function unqueue(entry) {
    save(OUTBOX, load(OUTBOX, []).filter(function (e) { return e.body.uid !== entry.body.uid; }));
  }
  function flush() {
    var box = load(OUTBOX, []);
    if (flushing || !box.length) return;
    flushing = true;
    box.reduce(function (chain, entry) {
      return chain.then(function () {
        return post(entry.api, entry.body).then(function (reply) {
          var retry = reply.status >= 500 || reply.status === 408 || reply.status === 429;
          if (retry) return;
          if (reply.ok) return unqueue(entry);
          return refuse(entry, reply).then(function () { unqueue(entry); });
        }, function () {});
      });
    }, Promise.resolve()).then(function () { flushing = false; showOutbox(); });
  }
  window.addEventListener("online", flush);
  setInterval(flush, 5000);  // the server may come back without the browser noticing
  flush();
  showOutbox();

  // --- Speech: a text's pre-built file (by a hash of language and words), for slow speech its
  // slow file else the normal one slower; else the browser's voice. Which files exist is learnt
  // on load, so a tap plays or speaks at once (iPad Safari does so only inside a tap). One
  // player, unlocked by the first tap; a speaker may read several texts in turn (a review row).
  var player = new Audio(), slow = document.body.dataset.rate === "slow", keys = {}, sources = {};
  var audioBase = document.body.dataset.audio, slowBase = document.body.dataset.audioSlow;
  var pageKept = Promise.resolve();  // asked only once the page is kept offline: it comes first
  function speaker(target) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "say";
    button.dataset.say = target;
    button.setAttribute("aria-label", document.body.dataset.listen);
    return button;
  }
  // Speech needs this script, so it makes the speakers: marked texts' and every tile's.
  $$("span[data-say]").forEach(function (mark) { mark.replaceWith(speaker(mark.dataset.say)); });
  $$(".choice").forEach(function (tile, index) {
    var words = $("label span", tile);
    words.id = "tile-" + index;
    tile.appendChild(speaker(words.id));
  });
  function textOf(id) {
    var target = document.getElementById(id);
    return target ? target.textContent.normalize("NFC").split(/\s+/).filter(Boolean).join(" ") : "";
  }
  function spokenTexts(button) { return button.dataset.say.split(" ").map(textOf).filter(Boolean); }
  function candidates(text) {  // files to try, best first, each at its rate
    if (sources[text]) return sources[text];
    var key = keys[text];
    if (!key) return [];
    var normal = { url: audioBase + key, rate: slow ? 0.75 : 1 };
    return slow && slowBase ? [{ url: slowBase + key, rate: 1 }, normal] : [normal];
  }
  function exists(url) {  // undefined: the server cannot be asked
    return pageKept.then(function () {
      return "caches" in window ? caches.match(url) : undefined;
    }).then(function (hit) {
      return hit ? true : fetch(url, { method: "HEAD" }).then(function (response) {
        return response.ok;
      }, function () { return undefined; });
    });
  }
  function learnSource(text) {  // the first file that exists: its URL, to keep offline
    var options = candidates(text);
    function from(i) {
      if (i === options.length) { sources[text] = []; return []; }  // the browser's voice
      return exists(options[i].url).then(function (there) {
        if (there === undefined) return [];  // a tap tries the files in turn
        if (!there) return from(i + 1);
        sources[text] = [options[i]];
        return [options[i].url];
      });
    }
    return Promise.resolve(from(0));
  }
  function learnKeys(buttons) {  // the file of every text the buttons read: the URLs found
    if (!window.crypto || !crypto.subtle) return Promise.resolve([]);
    return Promise.all([].concat.apply([], buttons.map(spokenTexts)).map(function (text) {
      var data = new TextEncoder().encode(document.documentElement.lang + "\n" + text);
      return crypto.subtle.digest("SHA-256", data).then(function (hash) {
        keys[text] = Array.prototype.map.call(new Uint8Array(hash), function (b) {
          return ("0" + b.toString(16)).slice(-2);
        }).join("").slice(0, 32);
        return learnSource(text);
      });
    })).then(function (lists) { return [].concat.apply([], lists); });
  }
  function browserSpeak(text) {
    if (!("speechSynthesis" in window) || !text) return;
    var utterance = new SpeechSynthesisUtterance(text), lang = document.documentElement.lang;
    utterance.lang = lang;
    var voice = speechSynthesis.getVoices().filter(function (each) {
      var spoken = each.lang.toLowerCase().split(/[-_]/)[0];
      return spoken === lang || (lang === "nb" && spoken === "no");
    })[0];
    if (voice) utterance.voice = voice;  // WebKit refuses a null voice
    utterance.rate = slow ? 0.7 : 1;
    speechSynthesis.speak(utterance);
  }
  function play(texts, tried) {
    if (!texts.length) return;
    var option = candidates(texts[0])[tried || 0], done = false;
    if (!option) return browserSpeak(texts.join(". "));
    function next() { if (!done) { done = true; play(texts, (tried || 0) + 1); } }
    player.onerror = next;
    player.onended = function () { if (!done) { done = true; play(texts.slice(1)); } };
    player.src = option.url;
    player.defaultPlaybackRate = player.playbackRate = option.rate;
    player.play().catch(next);
  }
  function speak(button) {
    if ("speechSynthesis" in window) speechSynthesis.cancel();
    player.pause();
    play(spokenTexts(button));
  }
  var audioReady = learnKeys($$(".say"));
  audioReady.then(function () { document.body.dataset.speechReady = "true"; });
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".say");
    if (button) speak(button);
    var fresh = event.target.closest("[data-fresh]");
    if (fresh) localStorage.removeItem(DRAFT + fresh.dataset.fresh);
  });

  // Nothing of an earlier page may come back from the browser's page cache.
  window.addEventListener("pageshow", function (event) { if (event.persisted) location.reload(); });

  var returnAfter = parseInt(document.body.dataset.returnAfter, 10) * 1000;
  var back = $("[data-return]");
  if (back) setTimeout(function () { location.replace(back.dataset.return); }, returnAfter);

  var form = $("#questionnaire");
  if (form) questionnaire(form);

  function questionnaire(form) {
    var token = form.dataset.token, key = DRAFT + token;
    var screens = $$(".screen", form), progress = $(".progress", form);
    var dots = screens.map(function () { return progress.appendChild(document.createElement("li")); });
    var backButton = $("[data-step='-1']", form), nextButton = $("[data-step='1']", form);
    var sendButton = $(".send", form), autoRead = $("#auto-read", form);
    var draft = load(key, null) || { uid: form.elements.uid.value, answers: {}, auto: false };
    var current = 0;
    form.elements.uid.value = draft.uid;

    function remember() {
      draft.answers = {};
      $$("input", form).forEach(function (input) {
        if (!/^(item-|gender$|age_group$)/.test(input.name)) return;
        if (input.type === "radio" && !input.checked) return;
        if (input.type === "radio" || input.value !== "") draft.answers[input.name] = input.value;
      });
      save(key, draft);
    }
    function answered(screen) {
      var field = screen.dataset.key && form.elements["item-" + screen.dataset.key];
      if (!field) return true;
      return field.value !== "" || $$("input[type=radio]:checked", screen).length > 0;
    }
    function update() {
      nextButton.disabled = form.dataset.required === "true" && !answered(screens[current]);
    }
    function show(index) {
      current = Math.max(0, Math.min(index, screens.length - 1));
      screens.forEach(function (screen, i) { screen.hidden = i !== current; });
      dots.forEach(function (dot, i) { dot.className = i < current ? "done" : i === current ? "now" : ""; });
      backButton.hidden = current === 0;
      nextButton.hidden = current === screens.length - 1;
      sendButton.hidden = current !== screens.length - 1;
      if (screens[current].dataset.key === "review") review();
      update();
      var heading = $(".question", screens[current]);
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      var say = $(".say", screens[current]);
      if (autoRead.checked && say) speak(say);
    }

    // The line: a tap anywhere sets the mark, dragging moves it, arrow keys step it.
    $$(".line", form).forEach(function (line) {
      var field = form.elements[line.dataset.field], mark = $(".mark", line);
      function set(value, quiet) {
        value = Math.round(Math.max(0, Math.min(10, value)) * 10) / 10;
        field.value = value.toFixed(1);
        mark.hidden = false;
        mark.style.left = value * 10 + "%";
        line.setAttribute("aria-valuenow", field.value);
        line.removeAttribute("aria-valuetext");
        if (!quiet) { remember(); update(); }
      }
      function fromPointer(event) {
        var box = line.getBoundingClientRect();
        set((event.clientX - box.left) / box.width * 10);
      }
      line.addEventListener("pointerdown", function (event) {
        line.setPointerCapture(event.pointerId);
        fromPointer(event);
        event.preventDefault();
      });
      line.addEventListener("pointermove", function (event) {
        if (line.hasPointerCapture(event.pointerId)) fromPointer(event);
      });
      line.addEventListener("keydown", function (event) {
        var now = field.value === "" ? 5 : parseFloat(field.value);
        var steps = { ArrowRight: 0.5, ArrowUp: 0.5, ArrowLeft: -0.5, ArrowDown: -0.5, PageUp: 2, PageDown: -2 };
        if (event.key === "Home") set(0);
        else if (event.key === "End") set(10);
        else if (event.key in steps) set(now + steps[event.key]);
        else return;
        event.preventDefault();
      });
      line.restore = function () { if (field.value !== "") set(parseFloat(field.value), true); };
    });

    // Bring back what this client already gave (a reload, a restart of the server).
    Object.keys(draft.answers).forEach(function (name) {
      var field = form.elements[name], value = draft.answers[name];
      if (!field) return;
      if (field.type === "hidden") field.value = value;
      else $$("input[name='" + name + "']", form).forEach(function (r) { r.checked = r.value === value; });
    });
    $$(".line", form).forEach(function (line) { line.restore(); });
    autoRead.checked = !!draft.auto;
    autoRead.addEventListener("change", function () { draft.auto = autoRead.checked; save(key, draft); });

    // Moving on after a tap is a hand-over option (off: the client sees what they chose, then
    // taps "Nästa"). When on, a moment after a tile is chosen or the finger leaves the line.
    var advance = form.dataset.advance === "true", moving = null;
    function moveOnSoon() {
      clearTimeout(moving);
      if (!advance || current >= screens.length - 1 || screens[current].dataset.key === "background") return;
      var from = current;
      moving = setTimeout(function () { if (current === from && answered(screens[from])) show(from + 1); }, 1200);
    }
    form.addEventListener("change", function (event) {
      remember();
      update();
      if (event.target.type === "radio") moveOnSoon();
    });
    $$(".line", form).forEach(function (line) { line.addEventListener("pointerup", moveOnSoon); });
    backButton.addEventListener("click", function () { clearTimeout(moving); show(current - 1); });
    nextButton.addEventListener("click", function () { clearTimeout(moving); show(current + 1); });

    // The review: per question its pictogram, the chosen option's picture and words (or the
    // mark between the line's end pictures), and a speaker.
    function reviewAnswer(screen, into, list) {
      var checked = $("input[type=radio]:checked", screen), line = $(".line", screen);
      if (checked && checked.value !== "") {
        var picture = $("img", checked.parentNode);
        if (picture) into.appendChild(picture.cloneNode());
        into.appendChild(document.createElement("span")).textContent = checked.parentNode.textContent.trim();
      } else if (line && line.getAttribute("aria-valuenow")) {
        var value = parseFloat(line.getAttribute("aria-valuenow")), lo = $(".lo", screen), hi = $(".hi", screen);
        var mini = document.createElement("span");
        mini.className = "mini";
        mini.dir = "ltr";
        mini.appendChild(document.createElement("i")).style.left = value * 10 + "%";
        var ends = into.appendChild(document.createElement("span"));
        ends.className = "ends";
        ends.dir = "ltr";
        [$("img", lo), mini, $("img", hi)].forEach(function (part) {
          if (part) ends.appendChild(part === mini ? mini : part.cloneNode());
        });
        // Heard and read as the nearer end's words (or "in the middle"), never as a number.
        var near = value < 3.5 ? lo : value > 6.5 ? hi : null;
        var words = near && near.textContent.trim() ? near.textContent.trim() : list.dataset.middle;
        into.appendChild(document.createElement("span")).textContent = words;
      } else {
        into.appendChild(document.createElement("span")).textContent = list.dataset.none;
      }
    }
    function review() {
      var list = $("#review-list", form), speakers = [];
      list.textContent = "";
      screens.forEach(function (screen, index) {
        var item = screen.dataset.key;
        if (!form.elements["item-" + item]) return;
        var row = list.appendChild(document.createElement("li"));
        var button = row.appendChild(document.createElement("button"));
        button.type = "button";
        button.className = "tile";
        button.addEventListener("click", function () { show(index); });
        var pictogram = $(".pictogram", screen);
        if (pictogram) button.appendChild(pictogram.cloneNode()).className = "";
        var question = button.appendChild(document.createElement("span"));
        question.id = "review-q-" + index;
        question.textContent = $(".question", screen).textContent;
        var answer = button.appendChild(document.createElement("span"));
        answer.id = "review-a-" + index;
        answer.className = "answer";
        reviewAnswer(screen, answer, list);
        speakers.push(row.appendChild(speaker(question.id + " " + answer.id)));
      });
      learnKeys(speakers);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember();
      var body = { ticket: token, uid: draft.uid, language: form.dataset.lang, answers: {},
                   gender: draft.answers.gender || null, age_group: draft.answers.age_group || null };
      screens.forEach(function (screen) {
        var field = form.elements["item-" + screen.dataset.key];
        if (!field) return;
        var value = draft.answers["item-" + screen.dataset.key];
        body.answers[screen.dataset.key] = value === undefined || value === "" ? null
          : field.type === "hidden" ? parseFloat(value) : value;
      });
      sendButton.disabled = true;
      post(form.dataset.api, body).then(function (reply) {
        if (reply.ok) return finish(false);
        if (reply.status >= 500 || reply.status === 408 || reply.status === 429) return queue(body);
        return reply.json().catch(function () { return {}; }).then(function (problem) {
          var note = $("#problem", form);
          note.textContent = note.dataset[problem.code] || note.dataset.invalid;
          note.hidden = false;
          sendButton.disabled = false;
        });
      }, function () { queue(body); });
    });

    function queue(body) {
      var box = load(OUTBOX, []);
      box.push({ api: form.dataset.api, body: body });
      save(OUTBOX, box);
      finish(true);
    }
    function finish(queued) {
      clearTimeout(idleTimer);
      localStorage.removeItem(key);
      form.reset();
      form.remove();
      $("#done a").href = form.dataset.again;  // the next person's start (one copy of it in the page)
      $("#done").hidden = false;
      $("#queued").hidden = !queued;
      setTimeout(function () { location.replace(form.dataset.again); }, returnAfter);
    }

    // Left alone: ask "are you still there?"; no answer, and the next person gets a clean
    // tablet (the round's first screen, or the locked screen after a staff hand-over).
    var idleAfter = parseInt(form.dataset.idle, 10) * 1000, idleBox = $("#idle"), idleTimer;
    function awake() {
      clearTimeout(idleTimer);
      idleBox.hidden = true;
      idleTimer = setTimeout(askStillThere, idleAfter);
    }
    function askStillThere() {
      idleBox.hidden = false;
      $("#still-here").focus();
      speak($(".say", idleBox));
      idleTimer = setTimeout(function () {
        localStorage.removeItem(key);
        form.reset();
        location.replace(form.dataset.again);
      }, idleAfter);
    }
    ["pointerdown", "touchstart", "keydown"].forEach(function (type) {
      document.addEventListener(type, function () { if (idleBox.hidden) awake(); }, true);
    });
    $("#still-here").addEventListener("click", awake);
    awake();

    // Keep what this questionnaire needs offline: pictograms, speech, the page itself.
    // The page first: speech follows once the tablet knows which files exist.
    if ("caches" in window) {
      var keep = function (urls) {
        return caches.open("kiosk-v1").then(function (cache) {
          return Promise.all(urls.map(function (url) { return url && cache.add(url).catch(function () {}); }));
        });
      };
      // A goals page holds the client's own words: it is never kept.
      var page = form.dataset.keep === "yes" ? [location.href] : [];
      pageKept = keep(page.concat(form.dataset.again, $$("img").map(function (img) { return img.src; })));
      audioReady.then(keep);
    }
    show(0);
    form.dataset.ready = "true";
  }
})();
