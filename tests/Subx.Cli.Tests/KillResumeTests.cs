using System.Diagnostics;
using Subx.Hosts;

namespace Subx.Tests.Cli;

[Collection(TinyZooCollection.Name)]
public class KillResumeTests(TinyZoo zoo)
{
    private const int Iterations = 40;

    [Fact]
    public void TrainingKilledWithSigkillAndResumedEndsWithTheSamePolicyAsAnUninterruptedRun()
    {
        // Every run is a real `subx` process (the same thread settings each time, as a user's would be).
        string straight = zoo.Scratch("straight"), killed = zoo.Scratch("killed");
        string[] common = ["train", "--host", zoo.Dir, "--group-size", "2", "--checkpoint-every", "1", "--iterations", $"{Iterations}"];
        using (var whole = Start([.. common, "--out", straight])) { whole.WaitForExit(); Assert.Equal(0, whole.ExitCode); }

        using (var p = Start([.. common, "--out", killed]))
        {
            var clock = Stopwatch.StartNew();
            while (!p.HasExited && Lines(killed) < 3 && clock.Elapsed < TimeSpan.FromMinutes(5)) Thread.Sleep(20); // a wait, not a timing: a busy machine starts slowly
            Assert.False(p.HasExited, "the run finished before it could be killed");
            p.Kill(); // SIGKILL on Linux: no handler runs, nothing is flushed
            p.WaitForExit();
        }
        Assert.InRange(Lines(killed), 3, Iterations - 1);

        using (var resumed = Start([.. common, "--out", killed, "--resume"])) { resumed.WaitForExit(); Assert.Equal(0, resumed.ExitCode); }
        var a = Safetensors.Read(Path.Combine(straight, "checkpoint.safetensors"));
        var b = Safetensors.Read(Path.Combine(killed, "checkpoint.safetensors"));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        // Bit-identical within one process (Subx.Core's CheckpointTests); across processes CPU kernels may
        // sum in another order (buffer alignment picks the SIMD path), so floats agree to rounding.
        // Parameters whose gradient is zero in exact arithmetic (an attention key bias) hold only that
        // rounding noise in their Adam moments, so moments are compared in absolute terms.
        foreach (var name in a.Keys)
        {
            var x = a[name].data<float>().ToArray();
            var y = b[name].data<float>().ToArray();
            double worst = x.Zip(y, (u, v) => Math.Abs(u - v)).DefaultIfEmpty(0).Max();
            Assert.True(worst <= 1e-4, $"{name} differs by {worst:G3} after kill and resume");
        }
        // The same subnets were sampled, scored and rewarded, iteration by iteration.
        string[] Rewards(string run) => File.ReadAllLines(Path.Combine(run, "metrics.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).Select(e => $"{e.GetProperty("task")}:{e.GetProperty("charts/reward").GetDouble():F6}").ToArray();
        Assert.Equal(Rewards(straight), Rewards(killed));
    }

    private static Process Start(string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "subx.dll"));
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static int Lines(string run)
    {
        string path = Path.Combine(run, "metrics.jsonl");
        try { return File.Exists(path) ? File.ReadAllLines(path).Length : 0; }
        catch (IOException) { return 0; }
    }
}
