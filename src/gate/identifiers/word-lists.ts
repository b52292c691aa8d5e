/**
 * The word lists that keep ordinary words from being taken for a person. A display name made only of
 * generic words (organisation, place and function words: "Youth Club", "Cornwall Council", "St Ives")
 * is never matched; one made only of ordinary English words, or of those and generic ones ("Summer
 * Rose", "Will Green"), is matched only when each word is written with a capital; and a known handle
 * that is one of these words is no mention when written `@ handle` with a space ("ask @ help desk").
 * Lower case, no accents. Pure data.
 */

const toWordList = (list: string): string[] => list.trim().split(/\s+/);

/** Organisation, place and function words: a display name made only of these names no child. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(toWordList(`
  a an and the of for in on at to by with from or my our your their this that we us me you i is are be it not no new all
  st saint mr mrs ms miss dr official team group club clubs youth young people kids children family families council
  councils school schools academy college university uni trust service services centre center hub project forum network
  partnership charity foundation society association church chapel parish town city county village community news radio
  fm tv media page info online live ltd cic plc uk nhs police fire rescue library sports sport fc afc rfc surf lifesaving
  scouts guides cadets health care support action voice voices board committee office campaign plan vision one events
  festival theatre arts cafe shop pool leisure hall south west north east local rural coast beach park skate band choir
  drama dance cornwall cornish kernow scilly isles isle truro penzance newquay falmouth bodmin redruth camborne bude looe
  ives austell helston launceston liskeard saltash hayle padstow wadebridge torpoint callington fowey mevagissey
  perranporth just agnes columb newlyn mousehole porthleven marazion camelford tintagel tresco bryher
`));

/** Everyday English words, many of them also first names or surnames ("Summer", "Rose", "Will", "Green"). */
export const ORDINARY_WORDS: ReadonlySet<string> = new Set(toWordList(`
  about after again air also always am amber angel april art ash august autumn baker ball bank bay bear bell berry best
  big bill bird black bloom blue bond book bow boy brave bread bridge bright brook brown bush but can cash chase cherry
  clay cliff cloud cole cook cool cotton crane cross crown crystal dale dawn day dean deer dew diamond dove down drake duke
  dusk earl eve even every fair faith fall far field finch fish fisher flint ford forest fox frank free frost gale garden
  gem gift glad glen gold golden good grace grand grant gray great green grey grove guy hale happy hardy harmony hart hawk
  hazel heart heath help here hill holly home honey hope house hunt hunter iris ivy jade jay jewel joy judge june king
  lake lamb lane lark laurel lea lee light lily lion little long love lucky mark marsh mason may meadow mercy mill miller
  moon moor moss more much nash night noble oak ocean olive paris parker patience peace pearl penny pepper pike pine pink
  poppy pound power pride prince queen rain raven ray read red reed rich ridge river robin rock rose ross ruby rush rust
  sage salmon sand savage scarlet sea shaw shell short silver sky skye slate small smart smith snow sole sparrow spring
  star steel stone storm story strong summer sun sunny swan sweet temple thorn tiger true wade walker ward warren waters
  wave way well wheeler white wild will willow win winter wise wolf wood woods wren york agree totally thanks thank yes
  really bus buses train job jobs money need want like think know save stop keep friends friend open better future
  together make build go let fun kind safe clean fresh wish dream bold happy fast first last next top world
`));
