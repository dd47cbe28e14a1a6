import Foundation

/// The small script the preview server adds to every HTML page it serves (never to the files it
/// builds): it listens on the websocket, reloads the page after a good build, and shows the build's
/// errors over the last good page after a failed one. Plain JavaScript, no library, and an external
/// file, because the hub's Content-Security-Policy allows no inline script.
public enum ReloadScript {
    public static let prefix = "/__learning-hub/"
    public static let scriptPath = prefix + "reload.js"
    public static let statusPath = prefix + "status"
    public static let socketPath = prefix + "socket"

    /// The tag inserted before `</head>`.
    public static let tag = "<script src=\"\(scriptPath)\" defer></script>"

    /// `html` with the tag before its `</head>` (or at its start, if it has none).
    public static func inject(into html: Data) -> Data {
        let marker = Array("</head>".utf8)
        let bytes = [UInt8](html)
        let tagBytes = Array((tag + "\n").utf8)
        if let at = firstIndex(of: marker, in: bytes) {
            return Data(bytes[..<at] + tagBytes + bytes[at...])
        }
        return Data(tagBytes + bytes)
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        let lower = { (b: UInt8) -> UInt8 in b >= 65 && b <= 90 ? b + 32 : b }
        outer: for i in 0...(haystack.count - needle.count) {
            for j in 0..<needle.count where lower(haystack[i + j]) != needle[j] { continue outer }
            return i
        }
        return nil
    }

    public static let javaScript = #"""
    // Learning Hub preview: reloads this page after each good build and shows the errors of a failed
    // one. Served by 'learning-hub serve' only; it is not part of the built site.
    (function () {
      "use strict";
      var prefix = "/__learning-hub/";
      var panelId = "learning-hub-preview-errors";
      var generation = null;

      function hidePanel() {
        var panel = document.getElementById(panelId);
        if (panel) { panel.parentNode.removeChild(panel); }
      }

      function showPanel(status) {
        hidePanel();
        var panel = document.createElement("div");
        panel.id = panelId;
        panel.setAttribute("role", "alert");
        panel.setAttribute("aria-labelledby", panelId + "-title");
        var s = panel.style;
        s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.zIndex = "2147483647";
        s.maxHeight = "60vh"; s.overflow = "auto"; s.boxSizing = "border-box";
        s.padding = "1rem 1.25rem"; s.background = "#fff"; s.color = "#0b0c0c";
        s.borderTop = "6px solid #d4351c"; s.boxShadow = "0 -2px 12px rgba(0,0,0,.35)";
        s.font = "16px/1.4 system-ui, sans-serif";

        var title = document.createElement("h2");
        title.id = panelId + "-title";
        title.textContent = "The hub did not build";
        title.style.margin = "0 0 .5rem"; title.style.fontSize = "1.25rem"; title.style.color = "#d4351c";
        panel.appendChild(title);

        var note = document.createElement("p");
        note.textContent = (status.summary || "The build failed.") +
          " Fix the file and save: the page reloads by itself.";
        note.style.margin = "0 0 .5rem";
        panel.appendChild(note);

        var list = document.createElement("pre");
        list.textContent = (status.diagnostics || []).join("\n");
        list.style.margin = "0 0 .75rem"; list.style.whiteSpace = "pre-wrap"; list.style.overflowWrap = "anywhere";
        list.style.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
        list.style.background = "#f3f2f1"; list.style.padding = ".5rem .75rem";
        panel.appendChild(list);

        var close = document.createElement("button");
        close.type = "button";
        close.textContent = "Hide until the next build";
        close.style.font = "inherit"; close.style.padding = ".25rem .75rem";
        close.addEventListener("click", hidePanel);
        panel.appendChild(close);

        document.body.appendChild(panel);
      }

      function check() {
        return fetch(prefix + "status", { cache: "no-store" })
          .then(function (response) { return response.json(); })
          .then(function (status) {
            if (generation === null) { generation = status.generation; }
            if (status.ok) {
              if (status.generation !== generation) { window.location.reload(); } else { hidePanel(); }
            } else {
              showPanel(status);
            }
          })
          .catch(function () {});
      }

      var retry = 500;
      function connect() {
        var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
        var socket;
        try { socket = new WebSocket(scheme + window.location.host + prefix + "socket"); } catch (e) { return; }
        socket.onopen = function () { retry = 500; check(); };
        socket.onmessage = function () { check(); };
        socket.onclose = function () {
          window.setTimeout(connect, retry);
          retry = Math.min(retry * 2, 5000);
        };
      }

      check();
      connect();
    })();
    """#
}
