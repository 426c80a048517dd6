using Spectre.Console;

namespace Subx.Cli.Common;

/// <summary>
/// Progress bars and warnings, written to standard error as tqdm writes them, so that standard
/// output holds only a command's results (its tables and summary line) and can be piped or saved
/// clean. On a terminal the bar is live; otherwise Spectre prints plain lines at most once a second
/// and may never print 100%, so callers always print their own final summary line after a bar ends.
/// </summary>
/// <param name="console">The console of standard error.</param>
public sealed class ProgressBar(IAnsiConsole console)
{
    /// <summary>Runs <paramref name="work"/> with one bar; the work reports fractions in [0, 1] and may rename the bar.</summary>
    public T Run<T>(string description, Func<Bar, T> work)
    {
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 1.0);
                result = work(new Bar(task));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>Writes `warning: message`: something the user should know that does not stop the command.</summary>
    public void Warn(string message) => console.Profile.Out.Writer.WriteLine($"warning: {message}");

    /// <summary>One bar: a synchronous <see cref="IProgress{T}"/> of the fraction done (the Core reports from the working thread).</summary>
    public sealed class Bar(ProgressTask task) : IProgress<double>
    {
        /// <inheritdoc />
        public void Report(double fraction) => task.Value = Math.Clamp(fraction, 0, 1);

        /// <summary>Changes the text beside the bar.</summary>
        public void Describe(string text) => task.Description = Markup.Escape(text);
    }
}
