using System.Text;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>Detects a CSV file's encoding and delimiter from the first bytes of the file.</summary>
internal static class CsvSniffer
{
    private const int LinesToCompare = 25;

    public static CsvFormat Detect(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        var encoding = DetectEncoding(sample, isWholeFile);
        var text = Decode(sample, encoding);
        return new CsvFormat(DetectDelimiter(text), encoding);
    }

    internal static CsvTextEncoding DetectEncoding(ReadOnlySpan<byte> sample, bool isWholeFile)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return CsvTextEncoding.Utf8WithBom;
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return CsvTextEncoding.Utf16LittleEndian;
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return CsvTextEncoding.Utf16BigEndian;
        }

        // A sample cut from a longer file may end inside a multi-byte character: judge only whole characters.
        var judged = isWholeFile ? sample : sample[..CompleteUtf8Length(sample)];
        return System.Text.Unicode.Utf8.IsValid(judged) ? CsvTextEncoding.Utf8 : CsvTextEncoding.Latin1;
    }

    /// <summary>
    /// The delimiter (comma, semicolon or tab) that splits the first lines into the same, largest number of
    /// fields; quoted text is not counted. Comma when nothing splits (a one-column file).
    /// </summary>
    internal static char DetectDelimiter(string text)
    {
        var lines = LogicalLines(text).Where(l => l.Trim().Length > 0).Take(LinesToCompare).ToList();
        if (lines.Count == 0)
        {
            return ',';
        }

        var best = ',';
        var bestScore = (Consistency: 0.0, Fields: 0);
        foreach (var delimiter in CsvFormat.Delimiters)
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, delimiter)).ToList();
            if (counts[0] == 0)
            {
                continue;
            }

            var consistency = counts.Count(c => c == counts[0]) / (double)counts.Count;
            var score = (consistency, counts[0]);
            if (score.consistency > bestScore.Consistency || (score.consistency == bestScore.Consistency && score.Item2 > bestScore.Fields))
            {
                best = delimiter;
                bestScore = (score.consistency, score.Item2);
            }
        }

        return best;
    }

    private static string Decode(ReadOnlySpan<byte> sample, CsvTextEncoding encoding)
    {
        var format = new CsvFormat(',', encoding);
        var preamble = format.TextEncoding.GetPreamble();
        if (encoding == CsvTextEncoding.Utf8WithBom)
        {
            preamble = [0xEF, 0xBB, 0xBF];
        }

        var body = sample.StartsWith(preamble) ? sample[preamble.Length..] : sample;
        return format.TextEncoding.GetString(body);
    }

    /// <summary>Lines of CSV text, where a quoted field may span several physical lines.</summary>
    private static IEnumerable<string> LogicalLines(string text)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                yield return text[start..i];
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        // The last line of a sample may be cut short; it is compared only when it is all there is.
        if (start == 0 && text.Length > 0)
        {
            yield return text;
        }
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == delimiter && !quoted)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The length of <paramref name="bytes"/> without a trailing, incomplete UTF-8 sequence.</summary>
    private static int CompleteUtf8Length(ReadOnlySpan<byte> bytes)
    {
        for (var back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            var b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: look further back for the lead byte
            }

            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }
}
