using Spectre.Console;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Tasks;

namespace Subx.Cli.Common;

/// <summary>A host as `--host` names it, with the zoo it came from (if any) for task names and truth.</summary>
internal sealed record ResolvedHost(IHost Host, string Spec, Zoo? Zoo)
{
    /// <summary>The host's name for folders and manifests: a built-in name, or the full path (`zoo/` and `./zoo` name the same host).</summary>
    public string Name => BertLoader.BuiltIn.ContainsKey(Spec) ? Spec : Path.TrimEndingDirectorySeparator(Path.GetFullPath(Spec));
}

/// <summary>
/// `--host`: a zoo folder (see `subx zoo`), a built-in BERT (`minilm`, `arcticxs`; `minilm` when
/// none is given), a BERT `.onnx` file with vocab.txt beside it, or a Hugging Face folder. Resolves
/// task arguments for it: a zoo's task names or the built-in text tasks, or a task file.
/// </summary>
internal static class HostArgument
{
    /// <summary>The host when none is named: the built-in MiniLM.</summary>
    public const string Default = "minilm";

    /// <summary>What --host accepts, for error messages.</summary>
    public static readonly string Expected = $"a zoo folder (see `subx zoo`), a built-in BERT ({string.Join(", ", BertLoader.BuiltIn.Keys)}), a BERT .onnx file or a Hugging Face folder";

    private static readonly string[] TaskFileExtensions = [".tsv", ".csv", ".jsonl"];

    /// <summary>Fails unless the host names something that exists (null is the default host).</summary>
    public static ValidationResult Check(string? spec, string option = "--host")
    {
        if (spec is null || BertLoader.BuiltIn.ContainsKey(spec)) return ValidationResult.Success();
        if (string.IsNullOrWhiteSpace(spec)) return ValidationResult.Error($"{option}: expected {Expected}, found nothing.");
        if (Directory.Exists(spec) || (File.Exists(spec) && spec.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))) return ValidationResult.Success();
        return ValidationResult.Error($"{option}: expected {Expected}, found no such folder or file '{spec}'.");
    }

    /// <summary>Whether the spec names a zoo (or is null, the built-in BERT: false).</summary>
    public static bool IsZoo(string? spec) => spec is not null && File.Exists(Path.Combine(spec, MlpHost.ConfigFile));

    /// <summary>Loads the host; every file is checked by Core.</summary>
    public static ResolvedHost Load(string? spec)
    {
        spec ??= Default;
        if (IsZoo(spec))
        {
            if (!File.Exists(Path.Combine(spec, Zoo.TruthFile)))
                throw SubxException.Bad(spec, "--host", $"{Expected}: a zoo folder holds {MlpHost.ConfigFile}, {Zoo.TruthFile} and tasks/",
                    $"{MlpHost.ConfigFile} without {Zoo.TruthFile}: an MLP host alone (`subx export` writes one), which Subx.Core's MlpHost.Load reads");
            var zoo = Zoo.Load(spec);
            return new ResolvedHost(zoo.Host, spec, zoo);
        }
        return new ResolvedHost(BertLoader.Load(spec), spec, null);
    }

    /// <summary>A task by name (the zoo's, or a built-in text task) or read from a file; the host must be able to read it.</summary>
    public static TaskData Task(ResolvedHost host, string nameOrPath, string option)
    {
        if (host.Zoo is { } zoo) return ZooFolder.Task(zoo, nameOrPath, option);
        TaskData task;
        if (BuiltInTasks.Contains(nameOrPath)) task = BuiltInTasks.Load(nameOrPath);
        else if (TaskFileExtensions.Contains(Path.GetExtension(nameOrPath).ToLowerInvariant())) task = TaskReader.Read(nameOrPath, new SplitConfig()).RequireEveryClassInEverySplit();
        else
            throw new SubxException(
                $"{option}: expected a built-in task ({string.Join(", ", BuiltInTasks.Names)}) or a task file ({string.Join(", ", TaskFileExtensions)}: text, then label), found '{nameOrPath}'.");
        try { host.Host.CheckTask(task); }
        catch (SubxException e) { throw new SubxException($"{option} '{nameOrPath}': {e.Message}"); }
        return task;
    }

    /// <summary>The distractors: the comma list given, or the defaults (a zoo's other tasks; three built-in text tasks). T may not be one of them.</summary>
    public static IReadOnlyList<TaskData> Distractors(ResolvedHost host, TaskData task, string? commaList, string option = "--distractors")
    {
        if (host.Zoo is { } zoo) return ZooFolder.Distractors(zoo, task, commaList, option);
        var names = commaList is null
            ? BuiltInTasks.DefaultDistractors(task.Name)
            : commaList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (names.Count == 0) throw SubxException.Bad(option, "tasks", "a comma list of task names or files", "an empty list");
        return RefuseSelf(names.Select(n => Task(host, n, option)).ToList(), task, option);
    }

    /// <summary>
    /// The distractors as given, unless T is among them (a task cannot be its own distractor) or two
    /// share a name (results are keyed by task name, and a task file's name is its stem: `t/linear0.tsv`
    /// and the zoo's linear0 would be reported as one).
    /// </summary>
    public static IReadOnlyList<TaskData> RefuseSelf(IReadOnlyList<TaskData> distractors, TaskData task, string option)
    {
        if (distractors.FirstOrDefault(d => d.Name == task.Name) is { } self)
            throw new SubxException($"{option}: expected tasks other than the task T '{task.Name}', found '{self.Name}' among them (a task cannot be its own distractor).");
        if (distractors.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new SubxException($"{option}: expected tasks with distinct names (a task file's name is its stem), found '{twice.Key}' twice.");
        return distractors;
    }
}
