using System.Text;
using System.Text.RegularExpressions;

namespace Subx.Reports;

/// <summary>
/// A self-contained HTML page, written top to bottom: headings, paragraphs, tables, figures (PNG,
/// embedded as data URIs, so the one file can be mailed or attached) and folded blocks of text.
/// Every piece of text is escaped; nothing from a file reaches the page as markup.
/// </summary>
internal sealed partial class Html
{
    private readonly StringBuilder _body = new();
    private readonly string _title;

    /// <summary>A page with <paramref name="title"/> as its title and first heading.</summary>
    public Html(string title)
    {
        _title = title;
        Heading(title, 1);
    }

    /// <summary>A heading of level 1–3.</summary>
    public Html Heading(string text, int level = 2)
    {
        _body.Append($"<h{level}>{E(text)}</h{level}>\n");
        return this;
    }

    /// <summary>A paragraph of plain text.</summary>
    public Html Paragraph(string text)
    {
        _body.Append($"<p>{E(text)}</p>\n");
        return this;
    }

    /// <summary>A paragraph in the muted note style: how to read what is above it.</summary>
    public Html Note(string text)
    {
        _body.Append($"<p class=\"note\">{E(text)}</p>\n");
        return this;
    }

    /// <summary>
    /// A table. Cells that look like numbers are right-aligned; <paramref name="bold"/> marks rows
    /// (by index) to set in bold, e.g. the subnet's own row among its controls.
    /// </summary>
    public Html Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? bold = null)
    {
        _body.Append("<table>\n<thead><tr>");
        foreach (var h in headers) _body.Append($"<th>{E(h)}</th>");
        _body.Append("</tr></thead>\n<tbody>\n");
        int i = 0;
        foreach (var row in rows)
        {
            _body.Append(bold?.Contains(i) == true ? "<tr class=\"b\">" : "<tr>");
            foreach (var cell in row) _body.Append(IsNumber(cell) ? $"<td class=\"n\">{E(cell)}</td>" : $"<td>{E(cell)}</td>");
            _body.Append("</tr>\n");
            i++;
        }
        _body.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>A figure: the PNG inline, with its caption.</summary>
    public Html Figure(byte[] png, string caption)
    {
        _body.Append($"<figure><img alt=\"{A(caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"><figcaption>{E(caption)}</figcaption></figure>\n");
        return this;
    }

    /// <summary>A folded block of preformatted text (a resolved config, say).</summary>
    public Html Details(string summary, string text)
    {
        _body.Append($"<details><summary>{E(summary)}</summary><pre>{E(text)}</pre></details>\n");
        return this;
    }

    /// <summary>The whole page.</summary>
    public override string ToString() =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        $"<title>{E(_title)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n{_body}</body>\n</html>\n";

    /// <summary>Escapes what markup reads in text; the rest (±, −, ·) stays as UTF-8 text.</summary>
    private static string E(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Escapes text for a double-quoted attribute.</summary>
    private static string A(string text) => E(text).Replace("\"", "&quot;");

    /// <summary>A number, a percentage, or a number ± its standard error: `0.774`, `−0.040 ± 0.006`, `93%`.</summary>
    private static bool IsNumber(string cell) => NumberCell().IsMatch(cell);

    [GeneratedRegex(@"^[+−-]?(\d+(\.\d+)?|NaN)%?( ± \d+(\.\d+)?)?$")]
    private static partial Regex NumberCell();

    private const string Style = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
        th, td { padding: 0.2rem 0.7rem; border-bottom: 1px solid #e4e4e4; text-align: left; }
        th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; } tr.b td { font-weight: bold; }
        figure { margin: 1rem 0; } figure img { max-width: 100%; border: 1px solid #eee; } figcaption { font-size: 0.85rem; color: #555; }
        .note { font-size: 0.85rem; color: #555; } pre { font-size: 0.8rem; background: #f8f8f8; padding: 0.5rem; overflow-x: auto; }

        """;
}
