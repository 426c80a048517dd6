namespace Subx.Tasks;

/// <summary>The row indices of a task's train, validation and test splits: disjoint, together all rows, each sorted ascending.</summary>
public sealed class TaskSplits
{
    private TaskSplits(int[] train, int[] validation, int[] test)
    {
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>Row indices to train on, ascending.</summary>
    public int[] Train { get; }

    /// <summary>Row indices to choose hyperparameters and stopping points on, ascending.</summary>
    public int[] Validation { get; }

    /// <summary>Row indices held out for the final score, ascending.</summary>
    public int[] Test { get; }

    /// <summary>
    /// Splits rows class by class: each class's rows are shuffled with <c>new Random(config.Seed)</c> and cut by
    /// the fractions (rounded to the nearest row), so every split keeps the class proportions within one row.
    /// A class with at least 3 rows gets at least one row in every split whose fraction is above 0.
    /// </summary>
    /// <param name="labels">The class index of each row, in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes.</param>
    /// <param name="config">The fractions and the seed.</param>
    public static TaskSplits Stratified(int[] labels, int classes, SplitConfig config)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegative(classes);
        config.Validate();

        var rowsByClass = new List<int>[classes];
        for (int c = 0; c < classes; c++) rowsByClass[c] = [];
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if (label < 0 || label >= classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"labels[{i}] = {label} is not in [0, {classes}).");
            rowsByClass[label].Add(i);
        }

        var random = new Random(config.Seed);
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        foreach (List<int> rows in rowsByClass)
        {
            Shuffle(rows, random);
            (int nVal, int nTest) = Counts(rows.Count, config.ValidationFraction, config.TestFraction);
            validation.AddRange(rows.Take(nVal));
            test.AddRange(rows.Skip(nVal).Take(nTest));
            train.AddRange(rows.Skip(nVal + nTest));
        }

        return new TaskSplits(Sorted(train), Sorted(validation), Sorted(test));
    }

    /// <summary>How many of a class's <paramref name="n"/> rows go to validation and test.</summary>
    internal static (int Validation, int Test) Counts(int n, double validationFraction, double testFraction)
    {
        int nVal = (int)Math.Round(n * validationFraction, MidpointRounding.AwayFromZero);
        int nTest = (int)Math.Round(n * testFraction, MidpointRounding.AwayFromZero);
        if (n >= 3)
        {
            if (validationFraction > 0) nVal = Math.Max(nVal, 1);
            if (testFraction > 0) nTest = Math.Max(nTest, 1);
        }
        // Leave at least one row to train on, taking it back from the larger of the two held-out splits.
        int minVal = n >= 3 && validationFraction > 0 ? 1 : 0;
        int minTest = n >= 3 && testFraction > 0 ? 1 : 0;
        while (n > 0 && n - nVal - nTest < 1)
        {
            if (nVal - minVal >= nTest - minTest && nVal > minVal) nVal--;
            else if (nTest > minTest) nTest--;
            else if (nVal > 0) nVal--;
            else nTest--;
        }
        return (nVal, nTest);
    }

    private static void Shuffle(List<int> rows, Random random)
    {
        for (int i = rows.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
    }

    private static int[] Sorted(List<int> rows)
    {
        int[] array = [.. rows];
        Array.Sort(array);
        return array;
    }

    /// <summary>
    /// At most <paramref name="max"/> of a split's rows (0 = all): every m-th row of the (stratified,
    /// sorted) split, so the subset is deterministic and each class keeps about its share.
    /// </summary>
    public static int[] Subset(int[] rows, int max)
    {
        if (max <= 0 || rows.Length <= max) return rows;
        double stride = (double)rows.Length / max;
        return Enumerable.Range(0, max).Select(i => rows[(int)(i * stride)]).ToArray();
    }
}
