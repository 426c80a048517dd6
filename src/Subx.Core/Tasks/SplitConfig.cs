using System.Globalization;

namespace Subx.Tasks;

/// <summary>How a task's rows are divided into train, validation and test splits.</summary>
/// <param name="ValidationFraction">Fraction of each class's rows put in the validation split, in [0, 1).</param>
/// <param name="TestFraction">Fraction of each class's rows put in the test split, in [0, 1).</param>
/// <param name="Seed">Seed of the shuffle that decides which rows go where; the same seed gives the same splits.</param>
public sealed record SplitConfig(double ValidationFraction = 0.15, double TestFraction = 0.15, int Seed = 0)
{
    /// <summary>Throws a <see cref="SubxException"/> naming <paramref name="where"/> unless both fractions are in [0, 1) and sum to less than 1.</summary>
    public void Validate(string where = "split")
    {
        CheckFraction(where, nameof(ValidationFraction), ValidationFraction);
        CheckFraction(where, nameof(TestFraction), TestFraction);
        double sum = ValidationFraction + TestFraction;
        if (!(sum < 1))
            throw SubxException.Bad(where, $"{nameof(ValidationFraction)} + {nameof(TestFraction)}",
                "less than 1 (some rows must be left to train on)", Format(sum));
    }

    private static void CheckFraction(string where, string field, double value)
    {
        if (!(value >= 0 && value < 1))
            throw SubxException.Bad(where, field, "a fraction in [0, 1)", Format(value));
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
