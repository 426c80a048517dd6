using Spectre.Console;
using Subx.Cli.Common;

namespace Subx.Tests.Cli;

public class ReporterTests
{
    [Fact]
    public void PlainProgressPrintsEachTenthOnceAndANewDescriptionOnlyAfterAQuietSpell()
    {
        var log = new StringWriter();
        var bar = new Reporter.PlainBar(log, "train: it 0/40");
        for (int i = 1; i <= 40; i++)
        {
            bar.Describe($"train: it {i}/40, reward 0.5");
            bar.Report(i / 40.0);
        }
        bar.Finish();
        var lines = log.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        // Start, 10% … 90% (the description of the iteration that crossed it), 100%: the renamings between
        // came faster than the quiet spell, so they print nothing of their own.
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("train: it 0/40: 0% (00:", lines[0]);
        Assert.StartsWith("train: it 4/40, reward 0.5: 10% (", lines[1]);
        Assert.StartsWith("train: it 36/40, reward 0.5: 90% (", lines[9]);
        Assert.StartsWith("train: it 40/40, reward 0.5: 100% (", lines[10]);
    }

    [Fact]
    public void ATrainingBarGivesTheGatesItsFirstPartAndTheIterationsTheRest()
    {
        var log = new StringWriter();
        var bar = new Reporter.PlainBar(log, "SE policy");
        var training = new TrainingBar(bar, "SE policy", gateShare: 0.2);
        foreach (double g in new[] { 0.5, 1.0 }) training.Report(Subx.Training.SeProgress.FittingGates(0, 4, g));
        for (int i = 1; i <= 4; i++) training.Report(new Subx.Training.SeProgress(i, 4, i / 10.0, AfterGates: true));
        bar.Finish();
        string text = log.ToString();
        Assert.Contains("SE policy: learned gates, 50%: 10% (", text);
        Assert.Contains("SE policy: learned gates, 100%: 20% (", text);
        Assert.Contains("SE policy: it 1/4, reward 0.10: 40% (", text);
        Assert.Contains("SE policy: it 4/4, reward 0.40: 100% (", text);
        Assert.Equal([0.1, 0.2, 0.3, 0.4], training.Rewards);

        // A run with no gates to fit gives the iterations the whole bar.
        var plain = new StringWriter();
        var second = new Reporter.PlainBar(plain, "train");
        var untouched = new TrainingBar(second, "train", gateShare: 0.2);
        untouched.Report(new Subx.Training.SeProgress(1, 2, 0.5));
        Assert.Contains("train: it 1/2, reward 0.50: 50% (", plain.ToString());
    }

    [Fact]
    public void LiveBarIsDrawnByTheWorkingThreadAlone()
    {
        // One thread drives torch (besides every Scalar being held: ARCHITECTURE, "Nothing is left to the finalizer"), so the
        // live bar has no render thread of its own: every draw comes from the thread that reports.
        var (console, terminal) = Terminal();
        int worker = Environment.CurrentManagedThreadId;
        var seen = new List<string>();
        new Reporter(console).Run("work", bar =>
        {
            seen.Add(terminal.ToString()); // the bar is up before the first report
            for (int i = 1; i <= 4; i++)
            {
                bar.Report(i / 5.0);
                seen.Add(terminal.ToString()); // drawn by now, not by a later tick
                Thread.Sleep(TimeSpan.FromSeconds(3 * Reporter.LiveBar.RedrawSeconds)); // long enough for a refresh thread to tick
            }
            return 0;
        });
        Assert.NotEmpty(terminal.Threads);
        Assert.All(terminal.Threads, t => Assert.Equal(worker, t));
        Assert.Contains("0%", seen[0]);
        Assert.Contains("20%", seen[1]);
        Assert.Contains("80%", seen[4]);
        Assert.Contains("100%", terminal.ToString());
    }

    [Fact]
    public void LiveBarDrawsANewDescriptionAndANewPercentAtOnceHoweverFastTheyCome()
    {
        // Describe then Report back to back, as every command does: the last of them must be on screen, not
        // held back until a redraw that may never come (the bar's next report).
        var (console, terminal) = Terminal();
        var seen = new List<string>();
        new Reporter(console).Run("work", bar =>
        {
            for (int i = 1; i <= 3; i++)
            {
                bar.Describe($"step {i}");
                bar.Report(i / 4.0);
                seen.Add(terminal.ToString());
            }
            bar.Describe("last part");
            seen.Add(terminal.ToString());
            return 0;
        });
        for (int i = 1; i <= 3; i++) Assert.Contains($"step {i}", seen[i - 1]);
        Assert.Contains("75%", seen[2]);
        Assert.Contains("last part", seen[3]);
    }

    /// <summary>An interactive console, so the live bar is used, writing to a terminal that notes its writers.</summary>
    private static (IAnsiConsole Console, ThreadLoggingWriter Terminal) Terminal()
    {
        var terminal = new ThreadLoggingWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(terminal),
        });
        return (console, terminal);
    }

    /// <summary>A terminal that notes which thread wrote each piece.</summary>
    private sealed class ThreadLoggingWriter : StringWriter
    {
        public readonly List<int> Threads = [];

        public override void Write(char value) { Note(); base.Write(value); }
        public override void Write(string? value) { Note(); base.Write(value); }
        public override void Write(char[] buffer, int index, int count) { Note(); base.Write(buffer, index, count); }

        private void Note() { lock (Threads) Threads.Add(Environment.CurrentManagedThreadId); }
    }
}
