using Spectre.Console;
using Subx.Hosts;
using Subx.Tasks;

namespace Subx.Cli.Common;

/// <summary>
/// A zoo folder as a host: checks that it exists before any work, loads it, and resolves task
/// arguments (a task name of the zoo, or a task file) with errors that list what was possible.
/// </summary>
internal static class ZooFolder
{
    /// <summary>What a zoo folder holds, for error messages.</summary>
    public const string Expected = "a zoo folder (with host.json, host.safetensors and truth.json; see `subx zoo`)";

    /// <summary>Task file extensions accepted where a task name is expected.</summary>
    private static readonly string[] TaskFileExtensions = [".tsv", ".csv", ".jsonl"];

    /// <summary>Fails unless <paramref name="dir"/> names an existing folder.</summary>
    public static ValidationResult Check(string? dir, string option = "--host")
    {
        if (string.IsNullOrWhiteSpace(dir)) return ValidationResult.Error($"{option}: expected {Expected}, found nothing.");
        if (!Directory.Exists(dir)) return ValidationResult.Error($"{option}: expected {Expected}, found no folder '{dir}'.");
        return ValidationResult.Success();
    }

    /// <summary>Loads the zoo: host, tasks and truth, each checked by Core.</summary>
    public static Zoo Load(string dir) => Zoo.Load(dir);

    /// <summary>A task by zoo name, or read from a .tsv/.csv/.jsonl file; the host must be able to read its features.</summary>
    public static TaskData Task(Zoo zoo, string nameOrPath, string option)
    {
        TaskData task;
        if (zoo.Task(nameOrPath) is { } known) task = known.Data;
        else if (TaskFileExtensions.Contains(Path.GetExtension(nameOrPath).ToLowerInvariant())) task = TaskReader.Read(nameOrPath, new SplitConfig()).RequireEveryClassInEverySplit();
        else
            throw new SubxException(
                $"{option}: expected a task of the zoo ({string.Join(", ", zoo.Tasks.Select(t => t.Name))}) or a task file ({string.Join(", ", TaskFileExtensions)}), found '{nameOrPath}'.");
        if (task.InputKind != TaskInputKind.Features || task.FeatureDim != zoo.Host.InputDim)
            throw SubxException.Bad($"{option} '{nameOrPath}'", "features", $"{zoo.Host.InputDim} numeric features per row (the host's inputs)",
                task.InputKind == TaskInputKind.Text ? "text" : $"{task.FeatureDim}");
        return task;
    }

    /// <summary>Zoo tasks by name (task files have no truth, so they cannot train or judge an SE); an unknown name lists the zoo's tasks.</summary>
    public static IReadOnlyList<ZooTask> ZooTasks(Zoo zoo, IEnumerable<string> names, string option) => names.Select(n => zoo.Task(n)
        ?? throw new SubxException($"{option}: expected tasks of the zoo ({string.Join(", ", zoo.Tasks.Select(t => t.Name))}), found '{n}'.")).ToList();

    /// <summary>The distractors: the comma list given, or every task of the zoo other than <paramref name="task"/>. T may not be one of them.</summary>
    public static IReadOnlyList<TaskData> Distractors(Zoo zoo, TaskData task, string? commaList, string option = "--distractors")
    {
        if (commaList is null) return zoo.Tasks.Where(t => t.Name != task.Name).Select(t => t.Data).ToList();
        var names = commaList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (names.Count == 0) throw SubxException.Bad(option, "tasks", "a comma list of task names or files", "an empty list");
        return HostArgument.RefuseSelf(names.Select(n => Task(zoo, n, option)).ToList(), task, option);
    }
}
