using static System.Net.WebUtility;

namespace GenCourse.Notebooks.Site;

/// <summary>
/// The HTML around every page. plotly.js loads in the head, before any output, so figure scripts find the global
/// <c>Plotly</c>; KaTeX renders the math in markdown cells once the page has loaded. Everything is local (file://).
/// </summary>
internal static class PageLayout
{
    /// <summary>A complete page.</summary>
    /// <param name="title">The page title.</param>
    /// <param name="root">Relative URL prefix from the page to the site folder ("" or "../", ...).</param>
    /// <param name="body">The body's HTML.</param>
    public static string Page(string title, string root, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{HtmlEncode(title)}}</title>
        <script>
        // Uncaught errors are recorded on the <html> element, so headless checks (and readers) can see them.
        window.addEventListener("error", function (e) {
          var list = document.documentElement.getAttribute("data-js-errors");
          document.documentElement.setAttribute("data-js-errors", (list ? list + " | " : "") + e.message);
        });
        </script>
        <link rel="stylesheet" href="{{root}}assets/katex/katex.min.css">
        <link rel="stylesheet" href="{{root}}assets/site.css">
        <script src="{{root}}assets/plotly.min.js"></script>
        <script defer src="{{root}}assets/katex/katex.min.js"></script>
        <script defer src="{{root}}assets/katex/contrib/auto-render.min.js"></script>
        <script>
        document.addEventListener("DOMContentLoaded", function () {
          document.querySelectorAll(".markdown").forEach(function (element) {
            renderMathInElement(element, {
              delimiters: [{ left: "\\[", right: "\\]", display: true }, { left: "\\(", right: "\\)", display: false }],
              throwOnError: false
            });
          });
        });
        </script>
        </head>
        <body>
        <main>
        {{body}}
        </main>
        </body>
        </html>

        """;
}
