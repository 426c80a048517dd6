using Subx.Runs;

namespace Subx.Reports;

/// <summary>A report made from files, and where it goes: the page, and the folder its figures are saved in (none: inline only).</summary>
/// <param name="Report">The report.</param>
/// <param name="HtmlPath">Where the page is written.</param>
/// <param name="FigureDir">Where its PNGs are written; null writes none.</param>
public sealed record ReportTarget(Report Report, string HtmlPath, string? FigureDir)
{
    /// <summary>Writes the page and its figures.</summary>
    public void Write() => Report.Write(HtmlPath, FigureDir);
}

/// <summary>The report of a folder or file Subx wrote, read from its files; an `htmlPath` puts the page elsewhere.</summary>
public static class Reports
{
    /// <summary>An extraction folder (`subx extract --out DIR`): DIR/report.html, the figures beside it.</summary>
    public static ReportTarget ForExtraction(string dir, string? htmlPath = null)
    {
        string manifest = Path.Combine(dir, RunFiles.Manifest);
        return new(ExtractReport.Build(File.ReadAllText(manifest), manifest), htmlPath ?? Path.Combine(dir, RunFiles.Report), dir);
    }

    /// <summary>An SE run folder (`subx train --out RUN`): RUN/report.html, the figures beside it, with the zero-shot table if the run has one.</summary>
    public static ReportTarget ForRun(string dir, string? htmlPath = null)
    {
        string metrics = Path.Combine(dir, MetricsLog.JsonlFile), zeroShot = Path.Combine(dir, RunFiles.ZeroShot);
        var report = TrainReport.Build(File.ReadAllText(metrics), metrics, File.Exists(zeroShot) ? File.ReadAllText(zeroShot) : null, zeroShot);
        return new(report, htmlPath ?? Path.Combine(dir, RunFiles.Report), dir);
    }

    /// <summary>A bench JSON file (`subx bench --json FILE`): FILE's name with `.html`, its figures inline only (FILE's folder may be shared).</summary>
    public static ReportTarget ForBench(string file, string? htmlPath = null)
    {
        string page = Path.ChangeExtension(file, ".html");
        if (page == file) page = file + ".html"; // never over the bench's own file
        return new(BenchReport.Build(File.ReadAllText(file), file), htmlPath ?? page, null);
    }

    /// <summary>
    /// The report a path calls for, for `subx report`: a folder with `subnet.json` is an extraction, a
    /// folder with `metrics.jsonl` an SE run, a file a bench JSON.
    /// </summary>
    public static ReportTarget For(string path, string? htmlPath = null)
    {
        if (Directory.Exists(path))
        {
            if (File.Exists(Path.Combine(path, RunFiles.Manifest))) return ForExtraction(path, htmlPath);
            if (File.Exists(Path.Combine(path, MetricsLog.JsonlFile))) return ForRun(path, htmlPath);
            throw new SubxException($"{path}: expected an extraction folder (with {RunFiles.Manifest}, as `subx extract` writes) or an SE run folder (with {MetricsLog.JsonlFile}, as `subx train` writes), found neither file.");
        }
        if (File.Exists(path)) return ForBench(path, htmlPath);
        throw new SubxException($"{path}: expected an extraction folder, an SE run folder or a bench JSON file, found nothing there.");
    }
}
