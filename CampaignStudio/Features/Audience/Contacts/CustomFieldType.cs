namespace CampaignStudio.Features.Audience.Contacts;

public enum CustomFieldType
{
    Text = 1,
    Number = 2,
    Date = 3,
    Boolean = 4,
    Choice = 5,
}
