using System.Globalization;
using System.Security.Cryptography;

namespace CampaignStudio.Features.Delivery.Channels.Email;

/// <summary>
/// The Message-ID of a campaign email, <c>d{deliveryId}.c{campaignId}.{random}@{domain}</c>: it carries the ledger row
/// so that a bounce, a reply or a complaint quoting it leads back to the delivery (<see cref="TryParse"/>).
/// </summary>
public static class CampaignMessageId
{
    /// <summary>Longest id this creates (without angle brackets), so it fits the ledger's provider id column.</summary>
    public const int MaxLength = DeliveryRecord.MaxProviderMessageIdLength;

    private const string FallbackDomain = "campaignstudio.invalid";

    /// <summary>A new, unique id (without angle brackets) for one message, using the From address's domain.</summary>
    public static string Create(long deliveryId, int campaignId, string fromAddress)
    {
        var local = string.Create(CultureInfo.InvariantCulture, $"d{deliveryId}.c{campaignId}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        return local + "@" + Domain(fromAddress, MaxLength - local.Length - 1);
    }

    /// <summary>
    /// Reads the delivery and campaign back from a Message-ID (with or without angle brackets and surrounding space);
    /// false for an id this channel did not create.
    /// </summary>
    public static bool TryParse(string? messageId, out long deliveryId, out int campaignId)
    {
        deliveryId = 0;
        campaignId = 0;
        var id = messageId.AsSpan().Trim();
        if (id.Length > 1 && id[0] == '<' && id[^1] == '>')
        {
            id = id[1..^1].Trim();
        }

        var at = id.LastIndexOf('@');
        if (at <= 0 || id.Length < 2 || id[0] != 'd')
        {
            return false;
        }

        var local = id[1..at];
        var dot = local.IndexOf('.');
        if (dot <= 0 || !long.TryParse(local[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var delivery))
        {
            return false;
        }

        var rest = local[(dot + 1)..];
        var secondDot = rest.IndexOf('.');
        if (secondDot <= 1 || rest[0] != 'c' || !int.TryParse(rest[1..secondDot], NumberStyles.None, CultureInfo.InvariantCulture, out var campaign) || secondDot == rest.Length - 1)
        {
            return false;
        }

        deliveryId = delivery;
        campaignId = campaign;
        return true;
    }

    /// <summary>The From domain, cut to its last labels when it would make the id too long.</summary>
    private static string Domain(string fromAddress, int room)
    {
        var at = fromAddress.LastIndexOf('@');
        var domain = at >= 0 ? fromAddress[(at + 1)..].Trim().TrimEnd('>') : "";
        try
        {
            domain = domain.Length == 0 ? domain : new IdnMapping().GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            domain = "";
        }

        if (domain.Length == 0 || domain.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')))
        {
            domain = FallbackDomain;
        }

        while (domain.Length > room && domain.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0)
        {
            domain = domain[(dot + 1)..];
        }

        return domain.Length <= room ? domain : FallbackDomain;
    }
}
