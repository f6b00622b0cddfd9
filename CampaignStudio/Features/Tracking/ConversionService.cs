using CampaignStudio.Data;
using CampaignStudio.Features.Identity;
using CampaignStudio.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CampaignStudio.Features.Tracking;

/// <summary>
/// Conversions: checks what was reported (each problem named by its field), finds the message it is attributed to and
/// records it through the <see cref="TrackingHitWriter"/>, durably, before answering.
/// </summary>
public sealed class ConversionService(IDbContextFactory<AppDbContext> contexts, TrackingTokens tokens, TrackingHitWriter writer, CurrentUser currentUser, TimeProvider clock)
{
    public const decimal MaxValue = 1_000_000_000_000m;

    /// <summary>Records a conversion reported through the API (campaign managers and admins).</summary>
    public async Task<ConversionRecorded> RecordAsync(ConversionInput input, CancellationToken cancellationToken)
    {
        await currentUser.RequireAsync(Policies.ManageCampaigns);
        var errors = new Dictionary<string, string[]>();
        var (name, currency) = Check(input.Name, input.Value, input.Currency, errors);
        var ways = (input.DeliveryToken is not null ? 1 : 0) + (input.DeliveryId is not null ? 1 : 0) + (input.ContactId is not null || input.ContactExternalId is not null || input.CampaignId is not null ? 1 : 0);
        if (ways == 0)
        {
            errors["deliveryToken"] = ["Name the message: a deliveryToken, a deliveryId, or a contactId or contactExternalId with a campaignId."];
        }
        else if (ways > 1)
        {
            errors["deliveryToken"] = ["Give only one of deliveryToken, deliveryId, or a contact with a campaignId."];
        }
        else if (input.ContactId is not null && input.ContactExternalId is not null)
        {
            errors["contactId"] = ["Give contactId or contactExternalId, not both."];
        }
        else if (input.DeliveryToken is null && input.DeliveryId is null && input.CampaignId is null)
        {
            errors["campaignId"] = ["A contact's conversion needs the campaignId it is attributed to."];
        }
        else if (input.DeliveryToken is null && input.DeliveryId is null && input.ContactId is null && string.IsNullOrWhiteSpace(input.ContactExternalId))
        {
            errors["contactId"] = ["Name the contact: contactId or contactExternalId."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var target = await FindTargetAsync(input, cancellationToken);
        var recorded = await writer.RecordAsync(new TrackingHit(target, TrackingEventKind.Conversion, clock.GetUtcNow().UtcDateTime)
        {
            Name = name,
            Value = input.Value,
            Currency = currency,
        }, cancellationToken);
        if (!recorded)
        {
            throw new InvalidOperationException("The conversion could not be recorded; try again.");
        }

        return new ConversionRecorded(target.DeliveryId, target.CampaignId, name, input.Value, currency);
    }

    /// <summary>Checks name, value and currency; the cleaned name and currency.</summary>
    public static (string Name, string? Currency) Check(string? name, decimal? value, string? currency, Dictionary<string, string[]> errors)
    {
        var cleanName = name?.Trim() ?? "";
        if (cleanName.Length == 0)
        {
            errors["name"] = ["Name the conversion, e.g. \"purchase\"."];
        }
        else if (cleanName.Length > TrackingEvent.MaxNameLength)
        {
            errors["name"] = [$"A conversion's name has at most {TrackingEvent.MaxNameLength} characters."];
        }

        if (value is < 0 or > MaxValue)
        {
            errors["value"] = [$"The value must be between 0 and {MaxValue:N0}."];
        }
        else if (value is { } v && decimal.Round(v, 4) != v)
        {
            errors["value"] = ["The value has at most 4 decimals."];
        }

        var cleanCurrency = string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant();
        if (cleanCurrency is not null && (cleanCurrency.Length != 3 || !cleanCurrency.All(char.IsAsciiLetterUpper)))
        {
            errors["currency"] = ["The currency is a 3-letter ISO 4217 code, e.g. INR or EUR."];
        }
        else if (value is > 0 && cleanCurrency is null)
        {
            errors["currency"] = ["Give the currency of the value, e.g. INR."];
        }

        return (cleanName, cleanCurrency);
    }

    private async Task<TrackedDelivery> FindTargetAsync(ConversionInput input, CancellationToken cancellationToken)
    {
        if (input.DeliveryToken is { } token)
        {
            return await VerifyAnyAsync(tokens, token, cancellationToken)
                ?? throw ValidationFailedException.For("deliveryToken", "This token was not issued by CampaignStudio, or it was changed.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (input.DeliveryId is { } id)
        {
            var row = await db.Deliveries.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.Id, d.CampaignId, d.Channel }).FirstOrDefaultAsync(cancellationToken)
                ?? throw ValidationFailedException.For("deliveryId", $"There is no message {id}.");
            return new TrackedDelivery(row.Id, row.CampaignId, row.Channel);
        }

        var campaignId = input.CampaignId!.Value;
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw ValidationFailedException.For("campaignId", $"There is no campaign {campaignId}.");
        }

        long contactId;
        if (input.ContactId is { } cid)
        {
            contactId = cid;
        }
        else
        {
            var externalId = input.ContactExternalId!.Trim();
            contactId = await db.Contacts.Where(c => c.ExternalId == externalId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw ValidationFailedException.For("contactExternalId", $"There is no contact with external id \"{externalId}\".");
        }

        // The contact's message of that campaign; with several channels, the one they clicked, else opened, else any.
        var candidates = await (from d in db.Deliveries.AsNoTracking()
                                where d.CampaignId == campaignId && d.ContactId == contactId
                                join e in db.DeliveryEngagements.AsNoTracking() on d.Id equals e.DeliveryId into engaged
                                from e in engaged.DefaultIfEmpty()
                                select new { d.Id, d.Channel, Clicked = e != null && e.FirstClickUtc != null, Opened = e != null && e.FirstOpenUtc != null })
            .ToListAsync(cancellationToken);
        var best = candidates.OrderByDescending(c => c.Clicked).ThenByDescending(c => c.Opened).ThenBy(c => c.Id).FirstOrDefault()
            ?? throw ValidationFailedException.For(input.ContactId is not null ? "contactId" : "contactExternalId", $"Campaign {campaignId} sent nothing to this contact.");
        return new TrackedDelivery(best.Id, campaignId, best.Channel);
    }

    /// <summary>A conversion may name its message by any of the message's tracking tokens.</summary>
    public static async Task<TrackedDelivery?> VerifyAnyAsync(TrackingTokens tokens, string token, CancellationToken cancellationToken)
    {
        foreach (var purpose in (TrackingPurpose[])[TrackingPurpose.Conversion, TrackingPurpose.Click, TrackingPurpose.Open])
        {
            if (await tokens.VerifyAsync(token, purpose, null, cancellationToken) is { } found)
            {
                return found with { LinkIndex = TrackedDelivery.NoLink };
            }
        }

        return null;
    }
}
