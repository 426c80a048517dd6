namespace Subx.Tests.Tasks;

/// <summary>The tokenisation cases Subx relies on, checked against ids from MiniLM's vocabulary (as Hugging Face's BertTokenizer gives them).</summary>
public class WordPieceTests
{
    private static int[] Ids(string text, int max = 64) => TestBerts.MiniLm.Tokenizer.Encode(text, max);

    [Fact]
    public void Lower_cases_and_splits_punctuation() =>
        Assert.Equal([101, 7592, 1010, 2088, 999, 102], Ids("Hello, World!"));

    [Fact]
    public void Strips_accents_instead_of_giving_unknown() =>
        Assert.Equal(["[CLS]", "cr", "##eme", "br", "##ule", "##e", "cafe", "[SEP]"], TestBerts.MiniLm.Tokenizer.Pieces(Ids("crème brûlée café")));

    [Fact]
    public void Tabs_and_newlines_separate_words() =>
        // Microsoft.ML.Tokenizers 2.0.1 alone glues "a\tb" into "ab"; BERT treats them as spaces.
        Assert.Equal(Ids("spam ham"), Ids("spam\tham") is var t && Ids("spam\nham").SequenceEqual(t) ? t : []);

    [Fact]
    public void Truncation_cuts_word_pieces_and_keeps_sep()
    {
        // "unbelievably" is un ##bel ##ie ##va ##bly; the library's own limit would drop the whole word.
        Assert.Equal(["[CLS]", "un", "##bel", "##ie", "[SEP]"], TestBerts.MiniLm.Tokenizer.Pieces(Ids("unbelievably naive", 5)));
    }

    [Fact]
    public void Empty_text_is_cls_sep() => Assert.Equal([101, 102], Ids("   "));

    [Fact]
    public void A_vocabulary_without_a_special_token_is_refused_by_name()
    {
        // The tokenizer library needs [MASK] too; it threw its own ArgumentException before.
        var ex = Assert.Throws<SubxException>(() => Subx.Tasks.WordPiece.FromVocabulary(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "spam"], lowerCase: true, "m/vocab.txt"));
        Assert.Equal("m/vocab.txt: vocabulary: expected a WordPiece vocabulary with [PAD], [UNK], [CLS], [SEP], [MASK], found 5 lines without [MASK].", ex.Message);
    }
}
