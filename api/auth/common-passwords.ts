/**
 * Base words of the passwords people choose most (international top lists, plus Dutch, Belgian
 * and French favourites). The policy strips digits, symbols and l33t-speak around a password
 * before comparing, so `Wachtwoord2024!` and `P@ssw0rd123456` are caught by one entry each.
 * Entries are lower-case letters only.
 */
export const COMMON_PASSWORD_WORDS: readonly string[] = `
password passwort wachtwoord motdepasse contrasena parola passord salasana haslo senha
qwerty qwertz azerty asdf zxcv qazwsx wasd abc abcd abcdef abcdefg letmein welcome welkom
bienvenue willkommen admin administrator root toor user guest test tester testing login
master secret private access default changeme iloveyou loveyou love lovely liefde amour
monkey dragon shadow sunshine princess football soccer voetbal baseball basketball hockey
superman batman spiderman pokemon starwars computer internet trustno freedom whatever
michael jennifer jordan hunter ranger buster thomas robert daniel charlie tigger harley
summer winter spring autumn zomer winter lente herfst soleil bonjour salut coucou chouchou
doudou loulou nicolas julien camille marseille paris amsterdam rotterdam utrecht brussel
bruxelles antwerpen gent ajax feyenoord psv anderlecht clubbrugge standard nederland holland
belgie belgique hallo hello goodbye doei dag kaas fiets konijn hond kat poes schatje
lieverd snoepje prinses voorjaar klantenservice klant service keurmerk certificaat
federatie vereniging association customer contact happy support helpdesk office kantoor
company bedrijf business manager beheer beheerder gebruiker inloggen aanmelden toegang
geheim sleutel wachtwoordje paswoord password qwertyuiop asdfghjkl zxcvbnm azertyuiop
qsdfghjklm wxcvbn mypassword yourpassword passw pass word aaaaaa abc qwe asd zxc
monday tuesday friday sunday maandag vrijdag zondag january december januari
`
  .split(/\s+/)
  .filter((w) => w.length > 0);
