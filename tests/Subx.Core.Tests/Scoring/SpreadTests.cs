using Subx.Scoring;

namespace Subx.Tests.Scoring;

public class SpreadTests
{
    [Fact]
    public void The_standard_error_is_the_sample_deviation_over_root_n()
    {
        // mean 5, squared deviations 9 + 1 + 1 + 9 = 20, sample variance 20/3, standard error √(20/3/4).
        Assert.Equal(Math.Sqrt(20.0 / 3 / 4), Spread.StandardError([2, 4, 6, 8]), 12);
        Assert.Equal(0, Spread.StandardError([0.7]));
        Assert.Equal(0, Spread.StandardError([0.3, 0.3, 0.3]));
    }

    [Fact]
    public void A_paired_difference_cancels_what_both_repeats_share()
    {
        // Each repeat moves both by the same amount: the difference is exact although each mean is noisy.
        double[] a = [0.50, 0.70, 0.30], b = [0.45, 0.65, 0.25];
        var (mean, se) = Spread.PairedDifference(a, b);
        Assert.Equal(0.05, mean, 12);
        Assert.Equal(0, se, 12);
        Assert.True(Spread.StandardError(a) > 0.1);

        var (mean2, se2) = Spread.PairedDifference([1, 2, 3], [1, 1, 1]);
        Assert.Equal(1, mean2, 12);
        Assert.Equal(Spread.StandardError([0, 1, 2]), se2, 12);
    }

    [Fact]
    public void Repeats_that_do_not_pair_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Spread.PairedDifference([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => Spread.PairedDifference([], []));
    }

    [Fact]
    public void Students_t_at_99_percent_is_tabled_then_expanded_without_a_jump()
    {
        Assert.Equal(4.541, Spread.StudentT99(3));   // 4 fine-tunes
        Assert.Equal(2.718, Spread.StudentT99(11));  // 12
        // Past the table the expansion goes on from 30's 2.457 (31: 2.453, 60: 2.390, 120: 2.358) towards the normal's 2.326.
        Assert.Equal(2.457, Spread.StudentT99(30));
        Assert.Equal(2.453, Spread.StudentT99(31), 3);
        Assert.Equal(2.390, Spread.StudentT99(60), 3);
        Assert.Equal(2.358, Spread.StudentT99(120), 3);
        Assert.InRange(Spread.StudentT99(100_000), 2.326, 2.327);
        for (int df = 1; df < 200; df++) Assert.True(Spread.StudentT99(df + 1) < Spread.StudentT99(df), $"df {df}");
        Assert.Throws<ArgumentOutOfRangeException>(() => Spread.StudentT99(0));
    }
}
