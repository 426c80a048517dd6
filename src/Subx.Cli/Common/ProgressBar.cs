using Spectre.Console;

namespace Subx.Cli.Common;

/// <summary>
/// Long work under a Spectre progress bar. On a terminal the bar is live; otherwise Spectre prints
/// plain lines at most once a second and may never print 100%, so callers always print their own
/// final summary line after this returns.
/// </summary>
internal static class ProgressBar
{
    /// <summary>Runs <paramref name="work"/> with one bar; the work reports fractions in [0, 1] and may rename the bar.</summary>
    public static T Run<T>(IAnsiConsole console, string description, Func<Bar, T> work)
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

    /// <summary>One bar: a synchronous <see cref="IProgress{T}"/> of the fraction done (the Core reports from the working thread).</summary>
    public sealed class Bar(ProgressTask task) : IProgress<double>
    {
        /// <inheritdoc />
        public void Report(double fraction) => task.Value = Math.Clamp(fraction, 0, 1);

        /// <summary>Changes the text beside the bar.</summary>
        public void Describe(string text) => task.Description = Markup.Escape(text);
    }
}
