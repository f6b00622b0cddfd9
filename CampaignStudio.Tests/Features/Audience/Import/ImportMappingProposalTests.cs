using CampaignStudio.Features.Audience.Contacts;
using CampaignStudio.Features.Audience.Import;

namespace CampaignStudio.Tests.Features.Audience.Import;

public sealed class ImportMappingProposalTests
{
    private static readonly CustomFieldDefinition DealerTier = new("dealer_tier", "Dealer tier", CustomFieldType.Choice, false, ["gold", "silver"], DateTime.UtcNow);

    private static IReadOnlyList<string> Propose(string[] headers, params string[][] rows) =>
        ImportTargets.Propose(headers, rows, [DealerTier]);

    [Theory]
    [InlineData("E-mail", "email")]
    [InlineData("Email Address", "email")]
    [InlineData("EMAIL_ID", "email")]
    [InlineData("Mobile", "phone")]
    [InlineData("Mobile No.", "phone")]
    [InlineData("Phone Number", "phone")]
    [InlineData("WhatsApp Number", "phone")]
    [InlineData("First Name", "firstName")]
    [InlineData("first_name", "firstName")]
    [InlineData("Surname", "lastName")]
    [InlineData("Customer ID", "externalId")]
    [InlineData("externalId", "externalId")]
    [InlineData("Company Name", "company")]
    [InlineData("State", "region")]
    [InlineData("Town", "city")]
    [InlineData("Preferred Language", "language")]
    [InlineData("Time zone", "timeZone")]
    [InlineData("DOB", "birthDate")]
    [InlineData("Date of Birth", "birthDate")]
    [InlineData("Tags", "tags")]
    [InlineData("consent.sms", "consent.sms")]
    [InlineData("Email Consent", "consent.email")]
    [InlineData("WhatsApp Opt-in", "consent.whatsApp")]
    [InlineData("Push opt in", "consent.push")]
    [InlineData("Newsletter", "consent.email")]
    [InlineData("Dealer Tier", "field.dealer_tier")]
    [InlineData("dealer_tier", "field.dealer_tier")]
    [InlineData("field.dealer_tier", "field.dealer_tier")]
    [InlineData("Notes", "ignore")]
    [InlineData("Last Purchase Date", "ignore")]
    [InlineData("", "ignore")]
    public void Propose_FromHeaderName(string header, string expected) =>
        Assert.Equal([expected], Propose([header]));

    [Fact]
    public void Propose_AmbiguousChannelColumn_LooksAtTheValues()
    {
        Assert.Equal(["email", "consent.sms"], Propose(["Email", "SMS"], ["a@example.com", "yes"], ["b@example.com", "No"]));
        Assert.Equal(["email", "phone"], Propose(["Email", "WhatsApp"], ["a@example.com", "+91 98200 12345"]));
    }

    [Fact]
    public void Propose_EachTargetOnce_ButTagsFromSeveralColumns()
    {
        Assert.Equal(
            ["email", "ignore", "tags", "tags", "phone", "ignore"],
            Propose(["Email", "Work Email", "Tags", "Labels", "Mobile", "Phone"]));
    }

    [Fact]
    public void Validate_RequiresAnIdentifier_AndRefusesATargetTwice()
    {
        var targets = ImportTargets.All([DealerTier]);
        var noIdentifier = new ImportMapping("f.csv", CsvFormat.Default, ["First", "City"], ["firstName", "city"]);
        var twice = new ImportMapping("f.csv", CsvFormat.Default, ["Email", "Mail 2", "Nonsense"], ["email", "email", "field.nope"]);

        Assert.Equal([ImportMapping.IdentifierError], noIdentifier.Validate(targets).Keys);
        var errors = twice.Validate(targets);
        Assert.Equal(["columns[1]", "columns[2]"], errors.Keys.Order());
        Assert.Contains("already taken by column 'Email'", errors["columns[1]"][0]);
    }

    [Theory]
    [InlineData("granted", ConsentStatus.Granted)]
    [InlineData("YES", ConsentStatus.Granted)]
    [InlineData("true", ConsentStatus.Granted)]
    [InlineData("1", ConsentStatus.Granted)]
    [InlineData("withdrawn", ConsentStatus.Withdrawn)]
    [InlineData("No", ConsentStatus.Withdrawn)]
    [InlineData("false", ConsentStatus.Withdrawn)]
    [InlineData("0", ConsentStatus.Withdrawn)]
    public void TryParseConsent_ReadsTheUsualWords(string cell, ConsentStatus expected)
    {
        Assert.True(ImportTargets.TryParseConsent(cell, out var status));
        Assert.Equal(expected, status);
    }

    [Fact]
    public void TryParseConsent_BlankIsNoConsentAndOtherWordsAreRefused()
    {
        Assert.True(ImportTargets.TryParseConsent("  ", out var blank));
        Assert.Null(blank);
        Assert.False(ImportTargets.TryParseConsent("maybe", out _));
    }

    [Fact]
    public void RowBuilder_SplitsTags_ReadsCountryNames_AndLeavesBlankCellsOut()
    {
        var mapping = new ImportMapping("f.csv", CsvFormat.Default,
            ["Email", "Tags", "More tags", "Country", "City", "Tier", "Email consent"],
            ["email", "tags", "tags", "country", "city", "field.dealer_tier", "consent.email"]);
        var errors = new List<(int Column, string Reason)>();

        var input = new ContactRowBuilder(mapping).Build([" a@example.com ", "dealer; vip|Gold ", "north", "India", "", "gold", "yes"], errors);

        Assert.Empty(errors);
        Assert.Equal("a@example.com", input.Email);
        Assert.Equal(["dealer", "vip", "Gold", "north"], input.Tags);
        Assert.Equal("IN", input.Country);
        Assert.Null(input.City);
        Assert.Equal("gold", input.Fields!["dealer_tier"]);
        var consent = Assert.Single(input.Consents!);
        Assert.Equal((CampaignStudio.Features.Shared.Channel.Email, ConsentStatus.Granted, "CSV import f.csv"), (consent.Channel, consent.Status, consent.Source));
        Assert.Equal(["US", "GB", "DE", "DE", "XX"], new[] { "United States", "UK", "Germany", "DEU", "XX" }.Select(ContactRowBuilder.CountryCode));
    }
}
