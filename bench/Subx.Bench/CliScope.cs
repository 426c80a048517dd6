using System.Diagnostics;
using TorchSharp;

/// <summary>
/// What a `subx` command leaves in its dispose scope (docs/BENCHMARKS.md, "A dispose scope around every
/// command"): runs the command in-process under a scope of the harness's own instead of the command's,
/// then counts the tensors left in it at the end, their live bytes, and those made outside every scope
/// (0 unless a command's work left this thread). With GROUPS, also writes them grouped by type, dtype
/// and shape to that file: what a count that grows with a run's length is made of.
/// </summary>
static class CliScope
{
    public static void Run(string[] subxArgs, string? groupsFile)
    {
        var statistics = DisposeScopeManager.Statistics;
        long outsideBefore = statistics.CreatedOutsideScopeCount;
        var clock = Stopwatch.StartNew();
        using var scope = torch.NewDisposeScope();
        int code = Subx.Cli.SubxApp.RunInCallersScope(subxArgs, TextWriter.Null, Console.Error);
        var left = scope.DisposablesView.OfType<torch.Tensor>().ToList();
        long bytes = left.Where(t => !t.IsInvalid).Sum(t => t.NumberOfElements * t.ElementSize);
        if (groupsFile is not null)
            Subx.Runs.AtomicFile.WriteAllText(groupsFile, string.Join('\n', left
                .GroupBy(t => $"{t.GetType().Name} {(t.IsInvalid ? "disposed" : $"{t.dtype} [{string.Join(",", t.shape)}]")}")
                .OrderByDescending(g => g.Count()).Select(g => $"{g.Count(),7} {g.Key}")) + "\n");
        Console.WriteLine($"| `subx {string.Join(' ', subxArgs)}` | {code} | {clock.Elapsed.TotalSeconds:F1} | {left.Count:N0} | {bytes / 1e6:F1} MB | " +
            $"{statistics.CreatedOutsideScopeCount - outsideBefore} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1024:N0} KiB |");
    }

    public const string Header = "| command | exit | seconds | tensors left in the scope | their live bytes | made outside every scope | peak resident set |\n|---|---:|---:|---:|---:|---:|---:|";
}
