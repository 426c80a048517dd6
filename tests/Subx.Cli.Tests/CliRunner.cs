using Subx.Cli;

namespace Subx.Tests.Cli;

/// <summary>What one in-process `subx` run returned and printed.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- out ---\n{Out}\n--- err ---\n{Err}";
}

/// <summary>Runs `subx` in-process, as a piped (non-terminal) run would, and captures both streams.</summary>
public static class CliRunner
{
    public static CliResult Run(params string[] args) => Capture(args, SubxApp.Run);

    /// <summary>As <see cref="Run"/>, without the command's own dispose scope: what it leaves outside its narrower ones goes to the caller's.</summary>
    public static CliResult RunInCallersScope(params string[] args) => Capture(args, SubxApp.RunInCallersScope);

    private static CliResult Capture(string[] args, Func<string[], TextWriter, TextWriter, bool, bool, int> run)
    {
        var @out = new StringWriter();
        var err = new StringWriter();
        int code = run(args, @out, err, false, false);
        return new CliResult(code, @out.ToString(), err.ToString());
    }
}

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "subx-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder (not created).</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
