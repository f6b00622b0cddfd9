namespace CampaignStudio.Features.Campaigns;

public enum CampaignFieldType
{
    Text = 1,
    Number = 2,
    Date = 3,
    Boolean = 4,
    Choice = 5,
}
