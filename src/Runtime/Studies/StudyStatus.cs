namespace MLEnergy.Runtime.Studies;

/// <summary>
/// Where a study stands. <see cref="Open"/>: the strategy proposes. <see cref="Stopping"/>: the finished trials said
/// stop while others were still being measured; nothing new is proposed, a claim given back or released is still
/// measured, and once nothing is pending the study finishes, unless the trials that came back changed the answer
/// (<see cref="StudyAnswer"/>), which opens it again. <see cref="Finished"/>: no trial is claimed any more.
/// </summary>
public enum StudyStatus
{
    Open,
    Stopping,
    Finished,
}
