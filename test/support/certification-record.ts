// An active certification as a transcript read from Learn holds it (earned at the start of 2025).

export function activeCertification(name: string, expires: string | null = '2027-10-01', historical = false) {
  return {
    name,
    number: null,
    status: 'Active',
    earnedOn: new Date('2025-01-01T00:00:00Z'),
    expiresOn: expires === null ? null : new Date(`${expires}T00:00:00Z`),
    historical,
  };
}
