using Subx.Runs;

namespace Subx.Reports;

/// <summary>One figure of a report: the PNG, the file name it is saved under, and its caption.</summary>
/// <param name="FileName">File name when saved beside the report, e.g. `scores.png`.</param>
/// <param name="Png">The image.</param>
/// <param name="Caption">What it shows and how to read it.</param>
public sealed record Figure(string FileName, byte[] Png, string Caption);

/// <summary>
/// A finished report: a self-contained HTML page (its figures inline) and the same figures as PNG
/// files, for a paper or a slide.
/// </summary>
/// <param name="Title">The page's title.</param>
/// <param name="Html">The page.</param>
/// <param name="Figures">Its figures, in page order.</param>
public sealed record Report(string Title, string Html, IReadOnlyList<Figure> Figures)
{
    /// <summary>
    /// Writes the page to <paramref name="htmlPath"/> and, when <paramref name="figureDir"/> is given,
    /// every figure into it under its own name; each file atomically, figures first, so a folder with
    /// the page has its figures.
    /// </summary>
    public void Write(string htmlPath, string? figureDir = null)
    {
        if (figureDir is not null)
            foreach (var f in Figures) AtomicFile.WriteAllBytes(Path.Combine(figureDir, f.FileName), f.Png);
        AtomicFile.WriteAllText(htmlPath, Html);
    }
}
