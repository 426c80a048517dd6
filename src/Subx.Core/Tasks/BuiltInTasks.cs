namespace Subx.Tasks;

/// <summary>
/// The real text tasks that ship with Subx: TSV files built from public datasets by
/// data/build/build.mjs (licences and derivations in data/README.md), copied next to the program.
/// </summary>
public static class BuiltInTasks
{
    /// <summary>The built-in task names, in catalogue order.</summary>
    public static readonly IReadOnlyList<string> Names = ["afinn_sign", "spam_ham", "liu_polarity", "name_gender", "sotu_party", "stopword_vs_content"];

    /// <summary>The folder the task files are read from (data/ beside the program).</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>Whether a name is a built-in task.</summary>
    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>
    /// The three distractors of a built-in task T when none are named: spam_ham, name_gender and
    /// sotu_party (the main job's, for afinn_sign), with the next task of the catalogue in T's place.
    /// </summary>
    public static IReadOnlyList<string> DefaultDistractors(string task) =>
        new[] { "spam_ham", "name_gender", "sotu_party" }.Concat(Names).Where(n => n != task).Distinct().Take(3).ToList();

    /// <summary>The <see cref="DefaultDistractors"/> of a built-in task, loaded (the same objects <see cref="Load"/> gives).</summary>
    public static IReadOnlyList<TaskData> LoadDefaultDistractors(string task) => DefaultDistractors(task).Select(n => Load(n)).ToList();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, SplitConfig), TaskData> Loaded = new();

    /// <summary>
    /// Reads a built-in task, once per process and split: the same (immutable) object every time, so
    /// that caches keyed by the task (embeddings, statistics, gates) serve every caller.
    /// </summary>
    public static TaskData Load(string name, SplitConfig? split = null)
    {
        if (!Contains(name)) throw SubxException.Bad("task", "name", $"a built-in task ({string.Join(", ", Names)})", $"'{name}'");
        return Loaded.GetOrAdd((name, split ?? new SplitConfig()), key => TaskReader.Read(Path.Combine(Folder, key.Item1 + ".tsv"), key.Item2));
    }
}
