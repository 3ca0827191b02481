// Lets the ipywidgets HTML manager work with no network. Loaded after require.js and
// before embed-amd.js (see nb_ipywidgets_js in _config.yml).
(function () {
  // This file sits in _static/; the vendored front-end files sit in _static/vendor/.
  var staticDir = document.currentScript.src.replace(/[^/]*(\?.*)?$/, "");
  // embed-amd.js fetches its icon fonts next to the AMD module it is loaded as; without
  // this mapping that is a folder beside the page, which does not exist.
  if (window.requirejs) {
    window.requirejs.config({
      paths: { "@jupyter-widgets/html-manager/dist": staticDir + "vendor/html-manager" },
    });
  }
  // The manager calls MathJax 2's API (MathJax.Hub.Queue) to typeset widget labels; the
  // book ships MathJax 3, so map the old call onto MathJax 3's typesetter.
  window.addEventListener("load", function () {
    if (window.MathJax && !window.MathJax.Hub) {
      window.MathJax.Hub = {
        Queue: function () {
          if (window.MathJax.typesetPromise) { return window.MathJax.typesetPromise(); }
        },
      };
    }
  });
})();
