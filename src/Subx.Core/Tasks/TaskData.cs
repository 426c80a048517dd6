using System.Globalization;

namespace Subx.Tasks;

/// <summary>A labelled classification task: its inputs (feature vectors or texts), class labels and splits.</summary>
public sealed class TaskData
{
    private TaskData(string name, string? sourcePath, TaskInputKind inputKind, float[][]? features, string[]? texts,
        int[] labels, string[] classes, int featureDim, TaskSplits splits)
    {
        Name = name;
        SourcePath = sourcePath;
        InputKind = inputKind;
        Features = features;
        Texts = texts;
        Labels = labels;
        Classes = classes;
        FeatureDim = featureDim;
        Splits = splits;
    }

    /// <summary>The task's name (by default the stem of the file it was read from).</summary>
    public string Name { get; }

    /// <summary>The file the task was read from, or null if it was built in memory.</summary>
    public string? SourcePath { get; }

    /// <summary>Whether the inputs are feature vectors or texts.</summary>
    public TaskInputKind InputKind { get; }

    /// <summary>The feature vectors, one row per example, all of length <see cref="FeatureDim"/>; null for a text task.</summary>
    public float[][]? Features { get; }

    /// <summary>The input texts, one per example; null for a feature task.</summary>
    public string[]? Texts { get; }

    /// <summary>The class index of each row; index into <see cref="Classes"/>.</summary>
    public int[] Labels { get; }

    /// <summary>The class names; a label value is an index into this array.</summary>
    public string[] Classes { get; }

    /// <summary>The number of classes (at least 2).</summary>
    public int ClassCount => Classes.Length;

    /// <summary>The length of each feature vector; 0 for a text task.</summary>
    public int FeatureDim { get; }

    /// <summary>The number of rows (examples).</summary>
    public int Count => Labels.Length;

    /// <summary>The train, validation and test row indices.</summary>
    public TaskSplits Splits { get; }

    /// <summary>
    /// Whether the task was read from a delimited file in which no header was recognised: its first row
    /// may be a header the reader could not tell from data (`sentence,sentiment` over text labels).
    /// </summary>
    public bool FirstRowMayBeHeader { get; private set; }

    /// <summary>Marks the first row as possibly an unrecognised header (<see cref="FirstRowMayBeHeader"/>).</summary>
    internal TaskData WithFirstRowMayBeHeader()
    {
        FirstRowMayBeHeader = true;
        return this;
    }

    /// <summary>Builds a feature task from row-major feature vectors and one label string per row.</summary>
    /// <exception cref="SubxException">Too few rows, a single class, ragged rows, or a NaN/infinite value.</exception>
    public static TaskData FromFeatures(string name, float[][] features, string[] labels, SplitConfig split, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(features);
        string where = sourcePath ?? name;
        CheckCounts(where, features.Length, labels);
        int dim = features[0]?.Length ?? 0;
        if (dim == 0) throw SubxException.Bad($"{where} row 0", "features", "at least 1 value", "0");
        for (int i = 0; i < features.Length; i++)
        {
            float[] row = features[i];
            int length = row?.Length ?? 0;
            if (length != dim)
                throw SubxException.Bad($"{where} row {i}", "features", $"{dim} values (as in row 0)", length.ToString(CultureInfo.InvariantCulture));
            for (int j = 0; j < dim; j++)
            {
                if (!float.IsFinite(row![j]))
                    throw SubxException.Bad($"{where} row {i}", $"x{j}", "a finite number",
                        row[j].ToString(CultureInfo.InvariantCulture));
            }
        }
        (int[] ids, string[] classes) = Encode(where, labels);
        var splits = TaskSplits.Stratified(ids, classes.Length, split);
        return new TaskData(name, sourcePath, TaskInputKind.Features, features, null, ids, classes, dim, splits);
    }

    /// <summary>Builds a text task from one text and one label string per row.</summary>
    /// <exception cref="SubxException">Too few rows, a single class, or a missing text.</exception>
    public static TaskData FromTexts(string name, string[] texts, string[] labels, SplitConfig split, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(texts);
        string where = sourcePath ?? name;
        CheckCounts(where, texts.Length, labels);
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null) throw SubxException.Bad($"{where} row {i}", "text", "a string", "null");
        }
        (int[] ids, string[] classes) = Encode(where, labels);
        var splits = TaskSplits.Stratified(ids, classes.Length, split);
        return new TaskData(name, sourcePath, TaskInputKind.Text, null, texts, ids, classes, 0, splits);
    }

    /// <summary>The feature rows and labels of the given rows (e.g. <c>Take(task.Splits.Train)</c>); feature tasks only.</summary>
    public (float[][] X, int[] Y) Take(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (Features is null) throw new InvalidOperationException($"Task '{Name}' has text inputs, not features.");
        var x = new float[indices.Length][];
        for (int i = 0; i < indices.Length; i++) x[i] = Features[indices[i]];
        return (x, LabelsOf(indices));
    }

    /// <summary>The texts and labels of the given rows (e.g. <c>TakeTexts(task.Splits.Train)</c>); text tasks only.</summary>
    public (string[] Texts, int[] Y) TakeTexts(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (Texts is null) throw new InvalidOperationException($"Task '{Name}' has feature inputs, not texts.");
        var texts = new string[indices.Length];
        for (int i = 0; i < indices.Length; i++) texts[i] = Texts[indices[i]];
        return (texts, LabelsOf(indices));
    }

    /// <summary>The class indices of the given rows.</summary>
    public int[] LabelsOf(int[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var y = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++) y[i] = Labels[indices[i]];
        return y;
    }

    private static void CheckCounts(string where, int rows, string[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (rows < 2) throw SubxException.Bad(where, "rows", "at least 2 rows", rows.ToString(CultureInfo.InvariantCulture));
        if (labels.Length != rows)
            throw SubxException.Bad(where, "label", $"{rows} labels (one per row)", labels.Length.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Checks that every class has a row in the training and the validation split, which scoring
    /// needs; returns the task. A class missing from the validation rows is scored as if the assister
    /// never had to tell it apart (a file of 300 rows of one class and one of the other scored a
    /// perfect 1.000, every control too), and an empty validation split cannot be scored at all. Three
    /// rows of a class are enough (<see cref="TaskSplits.Stratified"/>). What reads a user's task
    /// file for scoring calls this; parsing alone does not need it.
    /// </summary>
    /// <exception cref="SubxException">A class with a row in neither or only one of the two splits, named with its row count.</exception>
    public TaskData RequireEveryClassInEverySplit()
    {
        for (int c = 0; c < Classes.Length; c++)
        {
            bool inTrain = Splits.Train.Any(i => Labels[i] == c), inValidation = Splits.Validation.Any(i => Labels[i] == c);
            if (inTrain && inValidation) continue;
            int rows = Labels.Count(l => l == c);
            // A header whose label column is not called `label` is read as a row: its class is the small one.
            bool firstLine = Labels[0] == c && FirstRowMayBeHeader;
            throw SubxException.Bad(SourcePath ?? Name, "label", "at least 3 rows of every class (one each for training, validation and test)",
                $"{rows} row{(rows == 1 ? "" : "s")} of class '{Classes[c]}'" +
                (firstLine ? " (the first line's: if it is a header, name its label column `label`)" : ""));
        }
        return this;
    }

    /// <summary>
    /// Maps label strings to class indices. If every label is a number (invariant culture), a class is a
    /// value — `1`, `1.0` and `1e0` are one class (pandas writes integer labels as floats once a column
    /// has had a missing value), named by its first spelling in the file — and classes are in numeric
    /// order; otherwise a class is a string, in ordinal order.
    /// </summary>
    private static (int[] Ids, string[] Classes) Encode(string where, string[] labels)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if (string.IsNullOrEmpty(labels[i])) throw SubxException.Bad($"{where} row {i}", "label", "a class label", "an empty label");
        }
        string[] spellings = labels.Distinct(StringComparer.Ordinal).ToArray();
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string c in spellings)
        {
            if (!TryParseNumber(c, out double value)) { numbers = null; break; }
            numbers[c] = value;
        }
        // Each spelling's class index: equal numbers share one, named by its first spelling.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] classes;
        if (numbers is not null)
        {
            var byValue = spellings.GroupBy(c => numbers[c]).OrderBy(g => g.Key).ToArray();
            classes = [.. byValue.Select(g => g.First())];
            for (int k = 0; k < byValue.Length; k++)
                foreach (string c in byValue[k]) index[c] = k;
        }
        else
        {
            classes = [.. spellings.Order(StringComparer.Ordinal)];
            for (int k = 0; k < classes.Length; k++) index[classes[k]] = k;
        }
        if (classes.Length < 2)
            throw SubxException.Bad(where, "label", "at least 2 classes", $"1 ('{classes[0]}')");

        var ids = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++) ids[i] = index[labels[i]];
        return (ids, classes);
    }

    /// <summary>Parses a number the way task files are read: invariant culture, decimal or exponent notation.</summary>
    internal static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
