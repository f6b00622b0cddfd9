using System.Globalization;
using CampaignStudio.Features.Audience.Contacts;

namespace CampaignStudio.Features.Audience.Import;

/// <summary>
/// Turns one CSV record into a <see cref="ContactInput"/> by the mapping. A blank cell leaves the contact's value
/// as it is, or clears it when the mapping says <see cref="ImportMapping.BlankCellsClear"/>. Only what the contact model cannot judge (a consent cell) is checked here; everything else is
/// validated by <see cref="ContactNormalizer"/> when the batch is written.
/// </summary>
internal sealed class ContactRowBuilder(ImportMapping mapping)
{
    private static readonly char[] TagSeparators = [';', '|'];

    private readonly string consentSource = $"CSV import {mapping.FileName}";

    /// <summary>The contact a record stands for; problems only this step can see go to <paramref name="errors"/> by column index.</summary>
    public ContactInput Build(IReadOnlyList<string> record, List<(int Column, string Reason)> errors)
    {
        var input = new ContactInput();
        for (var i = 0; i < mapping.Targets.Count; i++)
        {
            var target = mapping.Targets[i];
            var cell = i < record.Count ? record[i].Trim() : "";
            if (target == ImportTargets.Ignore)
            {
                continue;
            }

            if (cell.Length == 0)
            {
                if (mapping.BlankCellsClear && ClearKey(target) is { } clear)
                {
                    (input.Clear ??= []).Add(clear);
                }

                continue;
            }

            switch (target)
            {
                case ImportTargets.ExternalId: input.ExternalId = cell; break;
                case ImportTargets.Email: input.Email = cell; break;
                case ImportTargets.Phone: input.Phone = cell; break;
                case ImportTargets.FirstName: input.FirstName = cell; break;
                case ImportTargets.LastName: input.LastName = cell; break;
                case ImportTargets.Company: input.Company = cell; break;
                case ImportTargets.Country: input.Country = CountryCode(cell); break;
                case ImportTargets.Region: input.Region = cell; break;
                case ImportTargets.City: input.City = cell; break;
                case ImportTargets.Language: input.Language = cell; break;
                case ImportTargets.TimeZone: input.TimeZone = cell; break;
                case ImportTargets.BirthDate: input.BirthDate = cell; break;
                case ImportTargets.Tags:
                    (input.Tags ??= []).AddRange(cell.Split(TagSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default:
                    if (ImportTargets.ConsentChannel(target) is { } channel)
                    {
                        if (!ImportTargets.TryParseConsent(cell, out var status))
                        {
                            errors.Add((i, $"'{cell}' is not a consent: write granted, yes, true or 1 to grant it, withdrawn, no, false or 0 to withdraw it, or leave the cell empty."));
                        }
                        else if (status is { } given)
                        {
                            (input.Consents ??= []).Add(new ConsentInput { Channel = channel, Status = given, Source = consentSource });
                        }
                    }
                    else if (target.StartsWith(ImportTargets.FieldPrefix, StringComparison.Ordinal))
                    {
                        (input.Fields ??= [])[target[ImportTargets.FieldPrefix.Length..]] = cell;
                    }

                    break;
            }
        }

        return input;
    }

    /// <summary>What a blank cell of <paramref name="target"/> clears, if it can clear anything.</summary>
    private static string? ClearKey(string target) =>
        target.StartsWith(ImportTargets.FieldPrefix, StringComparison.Ordinal) ? "fields." + target[ImportTargets.FieldPrefix.Length..]
        : NormalizedContact.Clearable.Contains(target) ? target
        : null;

    /// <summary>
    /// A country as its ISO code: codes pass through; English or native names (India, Deutschland), three-letter
    /// codes and a few common aliases (UK, USA) are looked up. Anything else is left for validation to report.
    /// </summary>
    internal static string CountryCode(string cell) =>
        CountryNames.TryGetValue(ImportTargets.Normalize(cell), out var code) ? code : cell;

    private static readonly Dictionary<string, string> CountryNames = BuildCountryNames();

    private static Dictionary<string, string> BuildCountryNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["usa"] = "US",
            ["unitedstatesofamerica"] = "US",
            ["uk"] = "GB",
            ["greatbritain"] = "GB",
            ["england"] = "GB",
            ["bharat"] = "IN",
        };
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            RegionInfo region;
            try
            {
                region = new RegionInfo(culture.Name);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (region.TwoLetterISORegionName.Length != 2)
            {
                continue;
            }

            foreach (var name in new[] { region.EnglishName, region.NativeName, region.ThreeLetterISORegionName })
            {
                var key = ImportTargets.Normalize(name);
                if (key.Length > 2)
                {
                    names.TryAdd(key, region.TwoLetterISORegionName);
                }
            }
        }

        return names;
    }
}
