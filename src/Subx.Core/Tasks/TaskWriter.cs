using System.Globalization;
using System.Text;
using Subx.Runs;

namespace Subx.Tasks;

/// <summary>Writes tasks to files that <see cref="TaskReader"/> reads back to the same data.</summary>
public static class TaskWriter
{
    /// <summary>
    /// Writes <paramref name="task"/> as TSV with a header: <c>x0 … xN-1, label</c> for features (round-trip
    /// float format) or <c>text, label</c> for texts (tabs and line breaks in a text become spaces). Atomic.
    /// </summary>
    public static void WriteTsv(TaskData task, string path)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(path);
        var sb = new StringBuilder();
        if (task.InputKind == TaskInputKind.Features)
        {
            for (int j = 0; j < task.FeatureDim; j++) sb.Append('x').Append(j.ToString(CultureInfo.InvariantCulture)).Append('\t');
            sb.Append("label\n");
            for (int i = 0; i < task.Count; i++)
            {
                foreach (float value in task.Features![i]) sb.Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\t');
                sb.Append(Clean(task.Classes[task.Labels[i]])).Append('\n');
            }
        }
        else
        {
            sb.Append("text\tlabel\n");
            for (int i = 0; i < task.Count; i++)
            {
                sb.Append(Clean(task.Texts![i])).Append('\t').Append(Clean(task.Classes[task.Labels[i]])).Append('\n');
            }
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
