using System.Diagnostics;
using Spectre.Console;

namespace Subx.Cli.Common;

/// <summary>
/// What a command says while it works — progress bars and warnings — written to standard error as
/// tqdm writes them, so that standard output holds only a command's results (its tables and summary
/// line) and can be piped or saved clean. On a terminal the bar is Spectre's live one, drawn by the
/// working thread. Otherwise (a log file, CI) it is plain lines: one at the start, one each time
/// another tenth is done, one at the end, and — while a long step renames the bar (an iteration's
/// reward) — at most one every <see cref="PlainBar.QuietSeconds"/>.
/// </summary>
/// <param name="console">The console of standard error.</param>
public sealed class Reporter(IAnsiConsole console)
{
    /// <summary>Runs <paramref name="work"/> with one bar; the work reports fractions in [0, 1] and may rename the bar.</summary>
    public T Run<T>(string description, Func<Bar, T> work)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var plain = new PlainBar(console.Profile.Out.Writer, description);
            var done = work(plain);
            plain.Finish();
            return done;
        }
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .AutoRefresh(false) // no render thread: the working thread draws (ARCHITECTURE, "Nothing is left to the finalizer")
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 1.0);
                ctx.Refresh(); // the bar at 0%, before the work's first report
                result = work(new LiveBar(ctx, task));
                task.Value = task.MaxValue;
            }); // Spectre draws once more at the end
        return result;
    }

    /// <summary>Writes `warning: message`: something the user should know that does not stop the command.</summary>
    public void Warn(string message) => console.Profile.Out.Writer.WriteLine($"warning: {message}");

    /// <summary>Fewer validation rows than this make a task's scores coarse enough to warn about.</summary>
    public const int FewValidationRows = 50;

    /// <summary>Warns of each task whose validation split is too small for fine scores (a small task file).</summary>
    public void WarnOfSmallTasks(IEnumerable<Subx.Tasks.TaskData> tasks)
    {
        foreach (var t in tasks)
        {
            int n = t.Splits.Validation.Length;
            if (n < FewValidationRows)
                Warn($"task '{t.Name}' has {n} validation rows (of {t.Count}): one row moves its scores by several hundredths, so they are coarse; a few hundred rows make them finer.");
        }
    }

    /// <summary>One bar: a synchronous <see cref="IProgress{T}"/> of the fraction done (the Core reports from the working thread).</summary>
    public abstract class Bar : IProgress<double>
    {
        /// <inheritdoc />
        public abstract void Report(double fraction);

        /// <summary>Changes the text beside the bar.</summary>
        public abstract void Describe(string text);
    }

    /// <summary>
    /// Spectre's bar, drawn by the thread that reports — as tqdm draws on <c>update</c>. A new description
    /// or a new whole percent is drawn at once, so what the bar last says is always on screen; reports that
    /// change neither redraw (the elapsed time) at most every <see cref="RedrawSeconds"/>. Spectre's own
    /// refresh thread would allocate beside torch's calls, which TorchSharp does not survive
    /// (ARCHITECTURE, "Nothing is left to the finalizer").
    /// </summary>
    internal sealed class LiveBar(ProgressContext context, ProgressTask task) : Bar
    {
        /// <summary>The least time between two draws that show nothing new but the elapsed time.</summary>
        public const double RedrawSeconds = 0.1;

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _lastDraw = double.NegativeInfinity;
        private int _drawnPercent;

        public override void Report(double fraction)
        {
            task.Value = Math.Clamp(fraction, 0, 1);
            int percent = (int)Math.Floor(task.Value * 100);
            Draw(now: percent != _drawnPercent);
            _drawnPercent = percent;
        }

        public override void Describe(string text)
        {
            string described = Markup.Escape(text);
            if (described == task.Description) return;
            task.Description = described;
            Draw(now: true);
        }

        private void Draw(bool now)
        {
            double time = _clock.Elapsed.TotalSeconds;
            if (!now && time - _lastDraw < RedrawSeconds) return;
            _lastDraw = time;
            context.Refresh();
        }
    }

    /// <summary>The bar as lines of `description: 40% (01:12)`, for output that is not a terminal.</summary>
    internal sealed class PlainBar : Bar
    {
        /// <summary>The least time between two lines that only a new description would print.</summary>
        public const double QuietSeconds = 30;

        private readonly TextWriter _writer;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private string _description;
        private double _fraction;
        private int _tenths;
        private double _lastLine;

        public PlainBar(TextWriter writer, string description)
        {
            _writer = writer;
            _description = description;
            Print();
        }

        public override void Report(double fraction)
        {
            _fraction = Math.Clamp(fraction, 0, 1);
            int tenths = (int)Math.Floor(_fraction * 10 + 1e-9);
            if (tenths <= _tenths || tenths >= 10) return; // 100% is the end's line
            _tenths = tenths;
            Print();
        }

        public override void Describe(string text)
        {
            _description = text;
            if (_clock.Elapsed.TotalSeconds - _lastLine >= QuietSeconds) Print();
        }

        /// <summary>The last line: 100% and the time it took.</summary>
        public void Finish()
        {
            _fraction = 1;
            Print();
        }

        private void Print()
        {
            _lastLine = _clock.Elapsed.TotalSeconds;
            var t = _clock.Elapsed;
            _writer.WriteLine($"{_description}: {(int)Math.Floor(_fraction * 100)}% ({(int)t.TotalMinutes:00}:{t.Seconds:00})");
        }
    }
}
