"""Who a sentence can say asked or reported: the parties customers are, in the languages tickets are written in."""

from __future__ import annotations

import re

WHO = (r"(?:customers?|accounts?|users?|workspaces?|teams?|companies|orgs?|organi[sz]ations?|admins?|tenants?"
       r"|merchants?|stores?|clinics?|schools?|practices?|clients?|members?|subscribers?|trials?|signups?|sign-ups?"
       r"|sessions?|shoppers?|buyers?|sellers?|drivers?|agents?|partners?|hospitals?|sites?|projects?|installs?"
       r"|installations?|developers?|respondents?|people|patients?|households?|restaurants?|venues?|carriers?"
       r"|fleets?|prospects?|schools?|firms?|brands?|shops?|participants?|interviewees?|testers?|applicants?"
       r"|students?|parents?|teachers?|clinicians?|nurses?|doctors?|pharmacists?|employees?|labs?|pharmacies"
       r"|municipalities|councils?|hotels?|warehouses?|dealers?|resellers?|retailers?|owners?|players?|gamers?"
       r"|creators?|hosts?|guests?|riders?|passengers?|travell?ers?|readers?|viewers?|operators?|landlords?"
       r"|contractors?|freelancers?|authors?|publishers?|agency|agencies|advertisers?|traders?|borrowers?"
       r"|policyholders?|claimants?|citizens?|residents?|volunteers?|donors?|associations?|groups?|chains?|franchisees?"
       r"|banks?|brokers?|insurers?|lenders?|credit unions?|ministr(?:y|ies)|departments?|universit(?:y|ies)"
       r"|colleges?|districts?|integrators?|enterprises?|logos?|bancos?|empresas?|kunden|firmen|cent(?:er|re)s?"
       r"|academ(?:y|ies)|gyms?|studios?|salons?|bakeries|bakery|cafés?|cafes?|pharmac(?:y|ies)"
       r"|usuari[oa]s?|usuários?|clientes?|nutzer(?:in|innen)?|kund(?:e|en|in)|utilisateurs?|utilisatrices?"
       r"|comerciantes|tiendas|lojas|händler"
       r"|commerçants|użytkowników|klientów|kullanıcı|pengguna|pelanggan"
       # The people on the customer's side who use the product every day: 'the depot leads on night shift'.
       r"|leads|managers?|supervisors?|dispatchers?|coordinators?|planners?|pickers?|technicians?|accountants?"
       r"|bookkeepers?|recruiters?|approvers?|officers?|caseworkers?|clerks?|cashiers?|couriers?|therapists?"
       r"|kommuner|gemeenten|gemeinden|kommunen|klanten|kunder|användare|gebruikers|utenti|użytkownicy|klienci"
       r"|praxen|praktijken|skolor|scholen|escolas|escuelas|écoles|cliniques|clínicas|kliniken|placówek|placówki"
       r"|venditori|vendedores|vendeurs|verkäufer|negozi|clienti|aziende|entreprises|bedrijven|shippers?|integrators?"
       # Advisers who sell through the product: 'meerdere adviseurs', 'Berater', 'asesores'.
       r"|advis[eo]rs?|adviseurs|berater(?:innen)?|asesores|assessores|consulenti|doradcy|rådgivare"
       r"|sprzedawców|sklepów|firm|klinik|kliniker|klinieken|klinikker|praktiken|butiker|winkels|tiendas"
       # Finnish, Czech, Slovak, Danish and Norwegian.
       r"|asiakkaat|asiakkaamme|asiakkaita|käyttäjät|käyttäjiä|zákazníci|zákazníků|zákazníkov|uživatelé|užívatelia"
       r"|klienti|kunderne|kundene|kunderna|brugere|brukere|brugerne|brukerne|användarna)")
# 'when a user posts a photo': a step of the story, not a report of one.
CONDITION = re.compile(r"\b(?:when|whenever|if|after|once|until|before|so that|lets?|allows?|can)\s+$")
