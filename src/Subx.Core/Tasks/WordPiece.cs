using System.Text;
using Microsoft.ML.Tokenizers;

namespace Subx.Tasks;

/// <summary>
/// BERT's WordPiece tokenisation from a model's vocabulary (Microsoft.ML.Tokenizers), with the
/// model's lower-casing and accent stripping, [CLS] … [SEP] around every text, and truncation that
/// cuts word pieces the way Hugging Face does.
/// </summary>
public sealed class WordPiece
{
    private readonly BertTokenizer _tokenizer;

    private WordPiece(BertTokenizer tokenizer, int vocabSize, bool lowerCase)
    {
        _tokenizer = tokenizer;
        VocabSize = vocabSize;
        LowerCase = lowerCase;
    }

    /// <summary>Number of entries in the vocabulary.</summary>
    public int VocabSize { get; }

    /// <summary>Whether texts are lower-cased (and accents stripped) before tokenisation.</summary>
    public bool LowerCase { get; }

    /// <summary>The id of [CLS].</summary>
    public int ClsId => _tokenizer.ClassificationTokenId;

    /// <summary>The id of [SEP].</summary>
    public int SepId => _tokenizer.SeparatorTokenId;

    /// <summary>The id of [PAD].</summary>
    public int PadId => _tokenizer.PaddingTokenId;

    /// <summary>The vocabulary's lines, one token per line, in id order (as vocab.txt).</summary>
    public string[] Vocabulary { get; private init; } = [];

    /// <summary>Where the vocabulary was read from (a vocab.txt or tokenizer.json), for error messages.</summary>
    public string Source { get; private init; } = "";

    /// <summary>Reads a vocab.txt: one token per line, the line number is the id.</summary>
    public static WordPiece FromVocabulary(string[] lines, bool lowerCase, string where)
    {
        // Microsoft.ML.Tokenizers' BertTokenizer also requires [MASK], though Subx never masks.
        string[] special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
        if (lines.Length == 0)
            throw SubxException.Bad(where, "vocabulary", "a WordPiece vocabulary with " + string.Join(", ", special), "an empty file");
        var missing = special.Where(t => !lines.Contains(t)).ToList();
        if (missing.Count > 0)
            throw SubxException.Bad(where, "vocabulary", "a WordPiece vocabulary with " + string.Join(", ", special),
                $"{lines.Length} lines without {string.Join(", ", missing)}");
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        var tokenizer = BertTokenizer.Create(stream, new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            // Without this, "crème" becomes [UNK] (DESIGN.md, known pitfalls); BERT's uncased models strip accents.
            RemoveNonSpacingMarks = lowerCase,
        });
        return new WordPiece(tokenizer, lines.Length, lowerCase) { Vocabulary = lines, Source = where };
    }

    /// <summary>
    /// The ids of one text: [CLS], its word pieces, [SEP]; at most <paramref name="maxTokens"/> in all
    /// (longer texts lose their last pieces, [SEP] is kept).
    /// </summary>
    public int[] Encode(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxTokens < 2) throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "at least 2 ([CLS] and [SEP])");
        // BERT's basic tokenizer treats tab, CR and LF as spaces; Microsoft.ML.Tokenizers 2.0.1 drops
        // them as control characters, gluing "a\tb" into "ab". Turn them into spaces first.
        string clean = text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
        var ids = _tokenizer.EncodeToIds(clean, addSpecialTokens: true, considerPreTokenization: true, considerNormalization: true);
        if (ids.Count <= maxTokens) return [.. ids];
        // The library's own limit drops whole words; cut pieces instead, as Hugging Face truncation does.
        var cut = new int[maxTokens];
        for (int i = 0; i < maxTokens - 1; i++) cut[i] = ids[i];
        cut[^1] = SepId;
        return cut;
    }

    /// <summary>The word pieces of ids, for display.</summary>
    public string[] Pieces(IEnumerable<int> ids) => ids.Select(i => i >= 0 && i < Vocabulary.Length ? Vocabulary[i] : "?").ToArray();
}
